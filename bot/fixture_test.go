package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store"
)

// day is an instant of 2026 in the office's zone.
func day(month time.Month, d, hour, min int) time.Time {
	return time.Date(2026, month, d, hour, min, 0, 0, shanghai)
}

// hostileSummary is ticket text that must reach Telegram escaped.
const hostileSummary = `<script>alert("x")</script> & 市民反映：路口<红绿灯>不亮`

// loadFixture stores the units and tickets the bot tests ask about and
// returns the units' ids by name.
func loadFixture(t testing.TB, st *store.Store) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	units := []domain.Unit{
		{Name: "岳阳县政府", Kind: domain.District, Aliases: []string{"岳阳县"}},
		{Name: "临湘市政府", Kind: domain.District, Aliases: []string{"临湘"}},
		{Name: "市规划局", Kind: domain.Department},
		{Name: "市金融办", Kind: domain.Department, Aliases: []string{"金融办"}},
		{Name: "市审计局", Kind: domain.Department},
		{Name: "岳阳海事局", Kind: domain.Department},
	}
	if _, _, err := st.UpsertUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, u := range units {
		got, err := st.UnitByName(ctx, u.Name)
		if err != nil {
			t.Fatal(err)
		}
		ids[u.Name] = got.ID
	}
	var ts []domain.Ticket
	ts = append(ts, completed(ids["岳阳县政府"], "YY-Q3-%02d", 10, day(time.August, 1, 9, 0), 0)...)
	ts = append(ts, completed(ids["岳阳县政府"], "YY-%03d", 40, day(time.October, 8, 9, 0), 0)...)
	ts = append(ts, completed(ids["岳阳县政府"], "YY-L%d", 3, day(time.November, 2, 9, 0), 6*24*time.Hour)...)
	ts = append(ts, completed(ids["临湘市政府"], "LX-Q3-%02d", 5, day(time.August, 1, 9, 0), 6*24*time.Hour)...)
	ts = append(ts, completed(ids["临湘市政府"], "LX-%02d", 20, day(time.October, 9, 9, 0), 0)...)
	ts = append(ts, completed(ids["市规划局"], "GH-Q3-%02d", 10, day(time.August, 3, 9, 0), 0)...)
	ts = append(ts, completed(ids["市规划局"], "GH-%02d", 10, day(time.October, 12, 9, 0), 0)...)
	ts = append(ts, completed(ids["市规划局"], "GH-L%d", 3, day(time.November, 3, 9, 0), 6*24*time.Hour)...)
	ts = append(ts, completed(ids["市金融办"], "JR-Q3-%d", 2, day(time.July, 6, 9, 0), 0)...)
	ts = append(ts, completed(ids["市金融办"], "JR-%d", 1, day(time.October, 6, 9, 0), 0)...)
	ts = append(ts, completed(ids["市金融办"], "JR-L%d", 2, day(time.October, 20, 9, 0), 6*24*time.Hour)...)
	ts = append(ts, completed(ids["岳阳海事局"], "HS-%02d", 4, day(time.November, 2, 9, 0), 0)...)
	yy := ids["岳阳县政府"]
	ts = append(ts,
		domain.Ticket{No: "A-001", UnitID: yy, Category: domain.Complaint, Topic: "路灯不亮",
			DispatchedAt: day(time.November, 20, 9, 0), DueAt: day(time.November, 27, 15, 0), Summary: "小区门口路灯不亮已一周。"},
		domain.Ticket{No: "A-002", UnitID: yy, Category: domain.Help, Topic: "噪音扰民", Urgent: true,
			DispatchedAt: day(time.November, 26, 10, 0), DueAt: day(time.November, 27, 7, 30), Summary: "夜间施工噪音。"},
		domain.Ticket{No: "A-003", UnitID: yy, Category: domain.Inquiry, Topic: "咨询社保",
			DispatchedAt: day(time.November, 24, 9, 0), DueAt: day(time.November, 28, 0, 0)},
		domain.Ticket{No: "A-HOSTILE", UnitID: yy, Category: domain.Complaint, Topic: "<b>粗体</b>&amp;",
			DispatchedAt: day(time.November, 10, 9, 0), DueAt: day(time.November, 17, 0, 0), Summary: hostileSummary},
		domain.Ticket{No: "JR-4", UnitID: ids["市金融办"], Category: domain.Complaint, Topic: "理财纠纷",
			DispatchedAt: day(time.November, 13, 9, 0), DueAt: day(time.November, 20, 0, 0), Summary: "他单位的工单。"},
		domain.Ticket{No: "JR-5", UnitID: ids["市金融办"], Category: domain.Help, Topic: "贷款咨询",
			DispatchedAt: day(time.November, 14, 9, 0), DueAt: day(time.November, 21, 0, 0)},
	)
	if _, err := st.UpsertTickets(ctx, ts); err != nil {
		t.Fatal(err)
	}
	return ids
}

// completed makes n tickets of a unit dispatched a day apart from first,
// each due five days after dispatch and completed a day after dispatch plus
// late; every fourth was sampled satisfied, the eighth dissatisfied.
func completed(unitID int64, format string, n int, first time.Time, late time.Duration) []domain.Ticket {
	out := make([]domain.Ticket, n)
	for i := range out {
		dispatched := first.AddDate(0, 0, i)
		t := domain.Ticket{
			No: fmt.Sprintf(format, i+1), UnitID: unitID, Category: domain.Categories[i%len(domain.Categories)],
			Topic: "城市管理类", DispatchedAt: dispatched, DueAt: dispatched.AddDate(0, 0, 5),
			CompletedAt: dispatched.AddDate(0, 0, 1).Add(late),
		}
		switch {
		case i == 7:
			t.Callback = domain.CallbackDissatisfied
		case i%4 == 0:
			t.Callback = domain.CallbackSatisfied
		}
		if late > 0 && i == 0 {
			t.ReworkCount = 1
		}
		out[i] = t
	}
	return out
}
