package importer

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/fakestore"
)

// goodFields is a valid ticket as the HTTP API or a file gives it.
func goodFields() map[string]string {
	return map[string]string{
		KeyTicketNo: "YY-0001", KeyUnit: "岳阳县政府", KeyCategory: "投诉", KeyTopic: "城市管理类",
		KeyUrgent: "否", KeyDispatchedAt: "2017-04-03 09:15", KeyDueAt: "2017-04-10 24:00",
		KeyCompletedAt: "2017-04-07 16:30", KeyReworkCount: "1", KeyCallback: "满意", KeySummary: "路灯不亮",
	}
}

func with(changes map[string]string) map[string]string {
	f := goodFields()
	for k, v := range changes {
		f[k] = v
	}
	return f
}

func TestParseTicket(t *testing.T) {
	policy := config.Defaults().Policy
	loc := testkit.Shanghai()
	units := NewUnitIndex(testUnits())
	full := domain.Ticket{
		No: "YY-0001", UnitID: 1, UnitName: "岳阳县政府", Category: domain.Complaint, Topic: "城市管理类",
		DispatchedAt: at(t, 2017, 4, 3, 9, 15, 0), DueAt: at(t, 2017, 4, 11, 0, 0, 0),
		CompletedAt: at(t, 2017, 4, 7, 16, 30, 0), ReworkCount: 1, Callback: domain.CallbackSatisfied, Summary: "路灯不亮",
	}
	change := func(fn func(*domain.Ticket)) domain.Ticket { tk := full; fn(&tk); return tk }
	tests := []struct {
		name   string
		fields map[string]string
		want   domain.Ticket
	}{
		{"full row", goodFields(), full},
		{"English words", with(map[string]string{KeyCategory: "Complaint", KeyUrgent: "no", KeyCallback: "Satisfied"}), full},
		{"alias and padding", with(map[string]string{KeyUnit: " 岳阳县 ", KeyTicketNo: " YY-0001\t"}),
			change(func(tk *domain.Ticket) { tk.UnitName = "岳阳县" })},
		{"open ticket", with(map[string]string{KeyCompletedAt: ""}),
			change(func(tk *domain.Ticket) { tk.CompletedAt = time.Time{} })},
		{"due by policy: complaint dispatched on Qingming, 5 working days", with(map[string]string{KeyDueAt: ""}),
			change(func(tk *domain.Ticket) { tk.DueAt = at(t, 2017, 4, 12, 0, 0, 0) })}, // 4/3, 4/4 off; 4/5–4/7, 4/10, 4/11
		{"due by policy: urgent, 24 hours", with(map[string]string{KeyDueAt: "", KeyUrgent: "是"}),
			change(func(tk *domain.Ticket) { tk.Urgent, tk.DueAt = true, at(t, 2017, 4, 4, 9, 15, 0) })},
		{"due by policy: inquiry across Qingming", with(map[string]string{KeyDueAt: "", KeyCategory: "咨询", KeyDispatchedAt: "2017/3/31 17:00", KeyCompletedAt: ""}),
			change(func(tk *domain.Ticket) {
				tk.Category, tk.DispatchedAt, tk.CompletedAt = domain.Inquiry, at(t, 2017, 3, 31, 17, 0, 0), time.Time{}
				tk.DueAt = at(t, 2017, 4, 7, 0, 0, 0) // 4/1 make-up Saturday, 4/2–4/4 off, 4/5, 4/6
			})},
		{"empty optional cells", map[string]string{KeyTicketNo: "N1", KeyUnit: "市规划局", KeyCategory: "help", KeyDispatchedAt: "2017-04-03T09:15:00+08:00", KeyDueAt: "2017-04-03 18:00"},
			domain.Ticket{No: "N1", UnitID: 3, UnitName: "市规划局", Category: domain.Help, DispatchedAt: at(t, 2017, 4, 3, 9, 15, 0), DueAt: at(t, 2017, 4, 3, 18, 0, 0)}},
		{"urgent spellings", with(map[string]string{KeyUrgent: "TRUE"}), change(func(tk *domain.Ticket) { tk.Urgent = true })},
		{"rework written as 2.0", with(map[string]string{KeyReworkCount: "2.0"}), change(func(tk *domain.Ticket) { tk.ReworkCount = 2 })},
		{"callback dissatisfied", with(map[string]string{KeyCallback: "不满意"}), change(func(tk *domain.Ticket) { tk.Callback = domain.CallbackDissatisfied })},
		{"callback not sampled", with(map[string]string{KeyCallback: "未回访"}), change(func(tk *domain.Ticket) { tk.Callback = domain.CallbackNone })},
		{"completed at the dispatch instant", with(map[string]string{KeyCompletedAt: "2017-04-03 09:15"}),
			change(func(tk *domain.Ticket) { tk.CompletedAt = tk.DispatchedAt })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := ParseTicket(tt.fields, units, policy, loc)
			if len(errs) > 0 {
				t.Fatalf("ParseTicket: %v", errs)
			}
			if !fakestore.SameTicket(got, tt.want) || got.UnitName != tt.want.UnitName {
				t.Errorf("ParseTicket =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseTicketProblems(t *testing.T) {
	policy := config.Defaults().Policy
	units := NewUnitIndex(testUnits())
	const times = "; expected " + TimeLayouts
	tests := []struct {
		name   string
		fields map[string]string
		want   []string
	}{
		{"missing ticket number", with(map[string]string{KeyTicketNo: " "}),
			[]string{"ticket_no: empty; expected the ticket number"}},
		{"ticket number with a line break", with(map[string]string{KeyTicketNo: "A\nB"}),
			[]string{`ticket_no: "A\nB" contains a line break or control character; expected a ticket number on one line`}},
		{"ticket number too long", with(map[string]string{KeyTicketNo: strings.Repeat("号", 101)}),
			[]string{"ticket_no: too long (101 characters); expected a ticket number of at most 100"}},
		{"unknown unit", with(map[string]string{KeyUnit: "岳阳市政府"}),
			[]string{`unit: unknown unit "岳阳市政府"; expected the name or alias of a known unit`}},
		{"missing unit", with(map[string]string{KeyUnit: ""}),
			[]string{"unit: empty; expected the name or alias of a known unit"}},
		{"unknown category", with(map[string]string{KeyCategory: "举报"}),
			[]string{`category: unknown category "举报"; expected 投诉/求助/咨询/建议/表扬 or complaint/help/inquiry/suggestion/praise`}},
		{"bad urgent flag", with(map[string]string{KeyUrgent: "急"}),
			[]string{`urgent: "急" is not yes or no; expected 是/否, true/false, 1/0, yes/no or empty (no)`}},
		{"missing dispatch time", with(map[string]string{KeyDispatchedAt: ""}),
			[]string{"dispatched_at: empty; expected a time such as 2017-04-03 09:15"}},
		{"unreadable time", with(map[string]string{KeyDispatchedAt: "4月3日"}),
			[]string{`dispatched_at: cannot read "4月3日" as a time (not a date and time)` + times}},
		{"no such date", with(map[string]string{KeyDueAt: "2017-04-31 18:00"}),
			[]string{`due_at: cannot read "2017-04-31 18:00" as a time (April 2017 has no day 31)` + times}},
		{"completed before dispatched", with(map[string]string{KeyCompletedAt: "2017-04-02 10:00"}),
			[]string{"completed_at: before dispatched_at 2017-04-03 09:15"}},
		{"due before dispatched", with(map[string]string{KeyDueAt: "2017-04-03 09:14:59", KeyDispatchedAt: "2017-04-03 09:15:30"}),
			[]string{"due_at: before dispatched_at 2017-04-03 09:15:30"}},
		{"negative rework", with(map[string]string{KeyReworkCount: "-1"}),
			[]string{`rework_count: "-1" is negative; expected a whole number, 0 or more (empty: 0)`}},
		{"rework not a number", with(map[string]string{KeyReworkCount: "两次"}),
			[]string{`rework_count: "两次" is not a whole number; expected a whole number, 0 or more (empty: 0)`}},
		{"rework fraction", with(map[string]string{KeyReworkCount: "1.5"}),
			[]string{`rework_count: "1.5" is not a whole number; expected a whole number, 0 or more (empty: 0)`}},
		{"bad callback", with(map[string]string{KeyCallback: "基本满意"}),
			[]string{`callback: unknown callback result "基本满意"; expected 满意/不满意, satisfied/dissatisfied or empty (not sampled)`}},
		{"not UTF-8", with(map[string]string{KeySummary: "\xff\xfe"}),
			[]string{"summary: contains bytes that are not UTF-8 text; save the file as UTF-8 or GB18030 (Excel: CSV)"}},
		{"NUL", with(map[string]string{KeyTopic: "a\x00b"}),
			[]string{"topic: contains a NUL character; expected plain text"}},
		{"several problems, one each", map[string]string{KeyUnit: "无此单位", KeyCategory: "投诉", KeyDispatchedAt: "2017-04-03 09:15", KeyReworkCount: "x"},
			[]string{
				"ticket_no: empty; expected the ticket number",
				`unit: unknown unit "无此单位"; expected the name or alias of a known unit`,
				`rework_count: "x" is not a whole number; expected a whole number, 0 or more (empty: 0)`,
			}},
		{"empty row", map[string]string{}, []string{
			"ticket_no: empty; expected the ticket number",
			"unit: empty; expected the name or alias of a known unit",
			"category: empty; expected " + categoriesExpected,
			"dispatched_at: empty; expected a time such as 2017-04-03 09:15",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseTicket(tt.fields, units, policy, nil)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseTicketWithoutPolicy(t *testing.T) {
	_, errs := ParseTicket(with(map[string]string{KeyDueAt: ""}), NewUnitIndex(testUnits()), domain.DeadlinePolicy{}, testkit.Shanghai())
	want := "due_at: empty, and no deadline policy is configured to compute it; give the deadline"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors = %v, want %s", errs, want)
	}
}

func TestUnitIndex(t *testing.T) {
	idx := NewUnitIndex([]domain.Unit{
		{ID: 1, Name: "市城管局", Aliases: []string{"城管", " 城管局 "}},
		{ID: 2, Name: "市城管执法支队", Aliases: []string{"城管", "市城管局"}},
		{ID: 3, Name: "城管局"},
	})
	tests := []struct {
		in     string
		wantID int64
		wantOK bool
	}{
		{"市城管局", 1, true},
		{" 市城管执法支队 ", 2, true},
		{"城管", 0, false}, // two units claim it
		{"城管局", 3, true}, // a name wins over an alias
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			id, ok := idx.UnitID(tt.in)
			if id != tt.wantID || ok != tt.wantOK {
				t.Errorf("UnitID(%q) = %d, %v; want %d, %v", tt.in, id, ok, tt.wantID, tt.wantOK)
			}
		})
	}
}

// FuzzParseTicket checks that no input panics and that every ticket it
// accepts satisfies the domain's rules and the store's needs.
// FuzzParseTicket checks that whatever a row holds, the parser never
// panics, every problem names its field, and an accepted ticket passes the
// domain's rules (times in range, a valid number) and encodes as JSON. Its
// seed corpus is testdata/fuzz/FuzzParseTicket; .ci/run fuzzes it for a few
// seconds.
func FuzzParseTicket(f *testing.F) {
	f.Add("YY-1", "岳阳县", "投诉", "是", "2017-04-03 09:15", "", "2017/4/5 9:15:00", "0", "满意")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add("A", "临湘", "help", "1", "2017-04-03T09:15:00+08:00", "2017-04-02 24:00", "x", "-1", "x")
	policy := config.Defaults().Policy
	units := NewUnitIndex(testUnits())
	loc := testkit.Shanghai()
	f.Fuzz(func(t *testing.T, no, unit, category, urgent, dispatched, due, completed, rework, callback string) {
		fields := map[string]string{KeyTicketNo: no, KeyUnit: unit, KeyCategory: category, KeyUrgent: urgent,
			KeyDispatchedAt: dispatched, KeyDueAt: due, KeyCompletedAt: completed, KeyReworkCount: rework, KeyCallback: callback}
		tk, errs := ParseTicket(fields, units, policy, loc)
		for _, e := range errs {
			if e.Field == "" || e.Problem == "" || !utf8.ValidString(e.Problem) {
				t.Errorf("bad FieldError %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if v := tk.Validate(); len(v) > 0 {
			t.Errorf("accepted a ticket the domain refuses: %v (%+v)", v, tk)
		}
		if tk.UnitID == 0 || tk.DueAt.IsZero() || !utf8.ValidString(tk.No) {
			t.Errorf("accepted a ticket the store cannot take: %+v", tk)
		}
		if err := domain.CheckTicketNo(tk.No); err != nil {
			t.Errorf("accepted ticket number %q: %v", tk.No, err)
		}
		if _, err := json.Marshal([]time.Time{tk.DispatchedAt, tk.DueAt, tk.CompletedAt}); err != nil {
			t.Errorf("accepted times JSON cannot encode: %v (%+v)", err, tk)
		}
	})
}

func BenchmarkParseTicket(b *testing.B) {
	policy := config.Defaults().Policy
	units := NewUnitIndex(testUnits())
	loc := testkit.Shanghai()
	for _, bc := range []struct {
		name   string
		fields map[string]string
	}{
		{"all given", goodFields()},
		{"due by policy", with(map[string]string{KeyDueAt: ""})},
		{"bad row", with(map[string]string{KeyUnit: "无此单位", KeyDispatchedAt: "x"})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseTicket(bc.fields, units, policy, loc)
			}
		})
	}
}

func TestTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "路灯", "\u3000路灯\u3000", "路灯\u00a0", "\u2003x", "x\u2028", "\u0085x\u0085",
		"\t岳阳\n", "a\u1680", "¢", "€", "。", "\xe3", "\xc2", "ab\xe2\x80", "\u205f"} {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTrimSpace(f *testing.F) {
	f.Add(" 路灯\u3000")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestDueCacheAgreesWithPolicy(t *testing.T) {
	policy := config.Defaults().Policy
	cache := newDueCache(policy)
	start := at(t, 2017, 1, 1, 0, 30, 0)
	for i := 0; i < 2*365*24; i += 7 { // every seventh hour of 2017 and 2018
		dispatched := start.Add(time.Duration(i) * time.Hour)
		for _, c := range domain.Categories {
			for _, urgent := range []bool{false, true} {
				want, werr := policy.Due(c, urgent, dispatched)
				got, gerr := cache.Due(c, urgent, dispatched)
				if !got.Equal(want) || (werr == nil) != (gerr == nil) {
					t.Fatalf("Due(%s, %v, %v) = %v, %v; policy says %v, %v", c, urgent, dispatched, got, gerr, want, werr)
				}
			}
		}
	}
}
