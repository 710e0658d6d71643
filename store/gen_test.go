package store

import (
	"fmt"
	"time"

	"hotlinebot/domain"
)

// genTickets makes n deterministic tickets numbered from first, spread over
// units and dispatched every 7 seconds from start in number order (as a
// real export comes, so a million fill a quarter): about 90% completed (one
// in ten of those late), some reworked, some called back.
func genTickets(units []int64, first, n int, start time.Time) []domain.Ticket {
	out := make([]domain.Ticket, n)
	for i := range out {
		k := first + i
		dispatched := start.Add(time.Duration(k) * 7 * time.Second)
		t := domain.Ticket{
			No:           fmt.Sprintf("GD%09d", k),
			UnitID:       units[k%len(units)],
			Category:     domain.Categories[k%len(domain.Categories)],
			Topic:        "城市管理类",
			Urgent:       k%50 == 0,
			DispatchedAt: dispatched,
			DueAt:        dispatched.Add(5 * 24 * time.Hour),
			ReworkCount:  boolInt(k%40 == 0),
			Summary:      "市民反映小区路灯不亮，请相关部门尽快处理。",
		}
		if k%10 != 0 {
			t.CompletedAt = dispatched.Add(time.Duration(24+k%120) * time.Hour)
		}
		switch k % 7 {
		case 0:
			t.Callback = domain.CallbackSatisfied
		case 3:
			if k%3 == 0 {
				t.Callback = domain.CallbackDissatisfied
			}
		}
		out[i] = t
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
