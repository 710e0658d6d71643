package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// copyAt is the pinned instant of the copy tests: 2017-05-10 10:00 in
// Shanghai.
var copyAt = time.Date(2017, 5, 10, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func copyOpen(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fillEveryTable writes at least one row of every kind through the store's
// own methods, then checks no table was left empty: a table added by a new
// migration fails here until this fills it too.
func fillEveryTable(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	at := func(d time.Duration) time.Time { return copyAt.Add(d) }
	units := []domain.Unit{
		{Name: "岳阳楼区", Kind: domain.District, Aliases: []string{"楼区", "岳阳楼"}},
		{Name: "市城管局", Kind: domain.Department, Aliases: []string{"城管局"}},
		{Name: "市金融办", Kind: domain.Department},
	}
	if _, _, err := s.UpsertUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	us, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, u := range us {
		ids[u.Name] = u.ID
	}
	tickets := []domain.Ticket{
		{No: "T1", UnitID: ids["岳阳楼区"], Category: domain.Complaint, Topic: "城市管理类", DispatchedAt: at(-30 * 24 * time.Hour),
			DueAt: at(-20 * 24 * time.Hour), CompletedAt: at(-25 * 24 * time.Hour), Callback: domain.CallbackSatisfied, Summary: `噪音 "quoted" 'single' \ back`},
		{No: "T2", UnitID: ids["市城管局"], Category: domain.Help, Urgent: true, DispatchedAt: at(-2 * time.Hour),
			DueAt: at(22 * time.Hour), ReworkCount: 2},
		{No: "T3", UnitID: ids["市城管局"], Category: domain.Inquiry, DispatchedAt: at(-10 * 24 * time.Hour),
			DueAt: at(-5 * 24 * time.Hour), CompletedAt: at(-1 * time.Hour), Callback: domain.CallbackDissatisfied},
	}
	if _, err := s.UpsertTickets(ctx, tickets); err != nil {
		t.Fatal(err)
	}
	code, err := s.CreateInvite(ctx, domain.RoleLiaison, ids["岳阳楼区"], 24*time.Hour, at(0))
	if err != nil {
		t.Fatal(err)
	}
	contact, err := s.RedeemInvite(ctx, code, domain.Chat{ChatID: 1001, UserID: 501, Name: "张三", Lang: "zh"}, at(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateInvite(ctx, domain.RoleSupervisor, 0, time.Hour, at(0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemInvite(ctx, "WRONGCODE", domain.Chat{ChatID: 1002, UserID: 502}, at(2*time.Minute)); err == nil {
		t.Fatal("a wrong code was accepted")
	}
	gen, ok, err := s.AcquireLease(ctx, "replica-a", time.Minute, at(0), false)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	if err := s.RecordRun(ctx, "deadlines", at(0)); err != nil {
		t.Fatal(err)
	}
	note := domain.Notification{Key: "due_soon:T2", Audience: domain.Audience{Kind: domain.AudienceUnit, UnitID: ids["市城管局"]},
		Urgent: true, NotBefore: at(0), Notice: domain.Notice{Kind: domain.NoticeDueSoon, At: at(0),
			Tickets: []domain.TicketLine{domain.NewTicketLine(tickets[1])}}}
	if err := s.RecordStages(ctx, gen, []domain.FiredStage{{TicketNo: "T2", DueAt: tickets[1].DueAt, Stage: "due_soon_24h"}},
		[]domain.Notification{note}, at(0)); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueNotifications(ctx, at(time.Minute), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due notifications: %v %v", due, err)
	}
	if err := s.RecordDelivery(ctx, gen, domain.Delivery{NotificationID: due[0].ID, ContactID: contact.ID, Parts: 1,
		State: domain.DeliverySent}, at(time.Minute)); err != nil {
		t.Fatal(err)
	}
	p := domain.PeriodAt(domain.Quarter, at(0), copyAt.Location())
	rep, err := s.Report(ctx, domain.DefaultScheme(), p, at(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSnapshot(ctx, gen, rep, false, nil); err != nil {
		t.Fatal(err)
	}
	cal, err := domain.NewCalendar(2017, 2027, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := domain.RequestRules{Calendar: cal, Location: copyAt.Location()}
	if _, err := s.SubmitRequest(ctx, gen, domain.RequestDraft{TicketNo: "T2", Kind: domain.RequestExtend, Days: 2,
		Reason: "需现场核实", Contact: domain.Contact{ID: contact.ID, Name: "张三", UnitID: ids["市城管局"]}}, rules, at(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordCard(ctx, 1, 1002, 77); err != nil {
		t.Fatal(err)
	}
	counts := map[int64]domain.Counts{ids["市城管局"]: {Should: 3, Handled: 2, Overdue: 1}}
	if err := s.SaveTrendPoint(ctx, gen, p, p.Start.AddDate(0, 0, 7), at(0), counts); err != nil {
		t.Fatal(err)
	}
	tables, err := dataTables(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if n := copyCount(t, s, table); n == 0 {
			t.Errorf("table %s is empty: make fillEveryTable write a row of it", table)
		}
	}
}

func copyCount(t *testing.T, s *Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.sql.QueryRow("SELECT COUNT(*) FROM " + quoteIdent(table)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// tableRows renders a table's rows as sorted strings, the values normalized
// so that SQLite's 0/1 and PostgreSQL's booleans compare equal.
func tableRows(t *testing.T, s *Store, table string) []string {
	t.Helper()
	rows, err := s.sql.Query("SELECT * FROM " + quoteIdent(table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = cols[i] + "=" + normalizeValue(v)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func normalizeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []byte:
		return string(x)
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// TestCopy copies a database holding every kind of row to a fresh one and
// checks every table's rows, the domain's view of them, and that the target
// goes on working (new ids do not collide with copied ones).
func TestCopy(t *testing.T) {
	tests := []struct {
		name     string
		from, to func(testing.TB) string
	}{
		{"sqlite to postgres", storetest.SQLite, storetest.Postgres},
		{"postgres to sqlite", storetest.Postgres, storetest.SQLite},
		{"sqlite to sqlite", storetest.SQLite, storetest.SQLite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			src := copyOpen(t, tt.from(t))
			fillEveryTable(t, src)
			dst := copyOpen(t, tt.to(t))
			report, err := Copy(ctx, src, dst)
			if err != nil {
				t.Fatal(err)
			}
			checkCopied(t, src, dst, report)
			checkDomainView(t, src, dst)
			checkTargetWorks(t, dst)
		})
	}
}

func checkCopied(t *testing.T, src, dst *Store, report CopyReport) {
	t.Helper()
	tables, _ := dataTables(src)
	var reported []string
	for _, tc := range report.Tables {
		reported = append(reported, tc.Table)
		if want := copyCount(t, src, tc.Table); tc.Rows != want {
			t.Errorf("report: %s has %d rows, source %d", tc.Table, tc.Rows, want)
		}
	}
	if slices.Sort(reported); !slices.Equal(reported, tables) {
		t.Errorf("report covers %v, want every table %v", reported, tables)
	}
	if report.Total() == 0 {
		t.Error("report total is 0")
	}
	edges, err := dst.foreignKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	order := tablesOf(report)
	for table, refs := range edges {
		for _, ref := range refs {
			if slices.Index(order, ref) > slices.Index(order, table) {
				t.Errorf("%s copied before %s, which it references: %v", table, ref, order)
			}
		}
	}
	for _, table := range tables {
		want, got := tableRows(t, src, table), tableRows(t, dst, table)
		if !slices.Equal(want, got) {
			t.Errorf("table %s differs:\nsource %q\ntarget %q", table, want, got)
		}
	}
}

func tablesOf(r CopyReport) []string {
	var out []string
	for _, tc := range r.Tables {
		out = append(out, tc.Table)
	}
	return out
}

func checkDomainView(t *testing.T, src, dst *Store) {
	t.Helper()
	ctx := context.Background()
	p := domain.PeriodAt(domain.Quarter, copyAt, copyAt.Location())
	want, err := src.Report(ctx, domain.DefaultScheme(), p, copyAt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dst.Report(ctx, domain.DefaultScheme(), p, copyAt)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(want.Units, want.NoTickets) != fmt.Sprint(got.Units, got.NoTickets) {
		t.Errorf("report differs:\nsource %v\ntarget %v", want.Units, got.Units)
	}
	for _, no := range []string{"T1", "T2", "T3"} {
		a, _ := src.Ticket(ctx, no)
		b, err := dst.Ticket(ctx, no)
		if err != nil || fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("ticket %s: source %v, target %v (%v)", no, a, b, err)
		}
	}
	a, _ := src.Contacts(ctx)
	b, err := dst.Contacts(ctx)
	if err != nil || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("contacts: source %v, target %v (%v)", a, b, err)
	}
}

// checkTargetWorks writes new rows of the kinds with generated ids: each
// must get an id past the copied ones.
func checkTargetWorks(t *testing.T, dst *Store) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := dst.UpsertUnits(ctx, []domain.Unit{{Name: "市规划局", Kind: domain.Department}}); err != nil {
		t.Fatalf("new unit after copy: %v", err)
	}
	u, err := dst.UnitByName(ctx, "市规划局")
	if err != nil || u.ID != 4 {
		t.Errorf("new unit id %d (%v), want 4", u.ID, err)
	}
	if _, err := dst.UpsertTickets(ctx, []domain.Ticket{{No: "T4", UnitID: u.ID, Category: domain.Praise,
		DispatchedAt: copyAt, DueAt: copyAt.Add(time.Hour)}}); err != nil {
		t.Errorf("new ticket after copy: %v", err)
	}
	if _, err := dst.CreateInvite(ctx, domain.RoleSupervisor, 0, time.Hour, copyAt); err != nil {
		t.Errorf("new invite after copy: %v", err)
	}
	gen, ok, err := dst.AcquireLease(ctx, "replica-b", time.Minute, copyAt.Add(time.Hour), false)
	if err != nil || !ok {
		t.Fatalf("lease after copy: %v %v", ok, err)
	}
	note := domain.Notification{Key: "digest:1", Audience: domain.Audience{Kind: domain.AudienceSupervisors},
		NotBefore: copyAt, Notice: domain.Notice{Kind: domain.NoticeDigest, At: copyAt}}
	if n, err := dst.Enqueue(ctx, gen, []domain.Notification{note}); err != nil || n != 1 {
		t.Errorf("new notification after copy: %d %v", n, err)
	}
}

func TestCopyRefuses(t *testing.T) {
	ctx := context.Background()
	src := copyOpen(t, storetest.SQLite(t))
	fillEveryTable(t, src)
	t.Run("non-empty target", func(t *testing.T) {
		dst := copyOpen(t, storetest.SQLite(t))
		if _, _, err := dst.UpsertUnits(ctx, []domain.Unit{{Name: "x", Kind: domain.District}}); err != nil {
			t.Fatal(err)
		}
		_, err := Copy(ctx, src, dst)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("err %v, want a refusal of the non-empty target", err)
		}
		if n := copyCount(t, dst, "tickets"); n != 0 {
			t.Errorf("%d tickets copied into a refused target", n)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		dst := copyOpen(t, storetest.SQLite(t))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := Copy(cctx, src, dst); !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want context.Canceled", err)
		}
	})
	t.Run("failure midway leaves the target empty", func(t *testing.T) {
		dst := copyOpen(t, storetest.SQLite(t))
		if _, err := dst.sql.Exec(`CREATE TRIGGER copy_fails BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
			t.Fatal(err)
		}
		_, err := Copy(ctx, src, dst)
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err %v, want the insert's failure", err)
		}
		if n := copyCount(t, dst, "units"); n != 0 {
			t.Errorf("%d units left in the target after a failed copy", n)
		}
	})
}

func TestDependencyOrder(t *testing.T) {
	tests := []struct {
		name   string
		tables []string
		edges  map[string][]string
		want   string
	}{
		{"independent by name", []string{"b", "a"}, nil, "b a"},
		{"referenced first", []string{"tickets", "units", "unit_aliases"},
			map[string][]string{"tickets": {"units"}, "unit_aliases": {"units"}}, "units unit_aliases tickets"},
		{"chain", []string{"c", "b", "a"}, map[string][]string{"c": {"b"}, "b": {"a"}}, "a b c"},
		{"self reference", []string{"a"}, map[string][]string{"a": {"a"}}, "a"},
		{"cycle", []string{"a", "b"}, map[string][]string{"a": {"b"}, "b": {"a"}}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dependencyOrder(tt.tables, tt.edges)
			s := strings.Join(got, " ")
			if err != nil {
				s = "error"
			}
			if s != tt.want {
				t.Errorf("order %q, want %q", s, tt.want)
			}
		})
	}
}
