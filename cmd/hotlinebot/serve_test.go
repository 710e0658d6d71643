package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store/storetest"
)

// TestServeBasics: the HTTP API is up within a second even while Telegram
// is down, SIGTERM ends serve cleanly, and serve refuses to start without a
// bot token.
func TestServeBasics(t *testing.T) {
	t.Run("healthz during a Telegram outage, then SIGTERM", func(t *testing.T) {
		fake := fakebot.New(t)
		fake.Outage(time.Hour, http.StatusBadGateway)
		dsn := storetest.SQLite(t)
		teststore.Open(t, dsn).Close() // migrated beforehand: startup, not migration, is measured
		p := startServe(t, "serve", serveEnv(t, dsn, fake.URL(), freeAddr(t)))
		up := p.waitHealthy(t, 10*time.Second)
		t.Logf("/healthz answered %s after start", up.Round(time.Millisecond))
		if up > time.Second {
			t.Errorf("/healthz answered %s after start, want within 1s", up)
		}
		// It is the leader and keeps trying Telegram through the outage.
		p.waitLog(t, leaderLog, 10*time.Second)
		if _, ok := fake.WaitSince(0, 10*time.Second, func(cs []fakebot.Call) bool {
			for _, c := range cs {
				if c.Status == http.StatusBadGateway {
					return true
				}
			}
			return false
		}); !ok {
			t.Fatal("serve never called the fake Bot API during the outage")
		}
		if got := p.get("/healthz", time.Second); got != http.StatusOK {
			t.Errorf("/healthz during the outage = %d, want 200", got)
		}
		// /metrics carries the jobs' and the sender's metrics beside the HTTP ones.
		metrics := p.body(t, "/metrics")
		for _, name := range []string{"hotline_http_requests_total", "hotline_leader", "hotline_outbox_depth"} {
			if !strings.Contains(metrics, name) {
				t.Errorf("/metrics lacks %s", name)
			}
		}
		code, took := p.stop(t, 15*time.Second)
		t.Logf("SIGTERM: exit %d after %s", code, took.Round(time.Millisecond))
		if code != 0 || took > 5*time.Second {
			t.Errorf("SIGTERM: exit %d after %s, want exit 0 within 5s", code, took)
		}
		if _, ok := p.log.find("stopped"); !ok {
			t.Error(`no "stopped" log line after SIGTERM`)
		}
	})
	t.Run("no bot token", func(t *testing.T) {
		env := serveEnv(t, storetest.SQLite(t), "http://127.0.0.1:1", freeAddr(t))
		delete(env, "TELEGRAM_BOT_TOKEN")
		cmd := exec.Command(binary(t), "serve")
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		if err == nil || cmd.ProcessState.ExitCode() == 0 {
			t.Fatalf("serve without a token exited 0:\n%s", out)
		}
		if !strings.Contains(string(out), "TELEGRAM_BOT_TOKEN is not set") {
			t.Errorf("serve without a token said:\n%s\nwant it to name TELEGRAM_BOT_TOKEN", out)
		}
	})
}

// senderWorkers is how many chats serve's sender writes to at once (the
// default of bot.SenderOptions.Workers): the most messages in flight.
const senderWorkers = 8

// TestServeKillMidBurst kills serve with SIGKILL while the sender is
// halfway through a burst of 200 overdue alerts, restarts it, and checks
// that every chat got its alert and only the messages in flight at the
// kill (sent, not yet recorded) went out twice.
func TestServeKillMidBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve for about ten seconds")
	}
	const units, perUnit, killAfter = 20, 10, 60
	fake := fakebot.New(t)
	dsn := storetest.SQLite(t)
	st := teststore.Open(t, dsn)
	seeded := seedContacts(t, st, units, perUnit)
	env := serveEnv(t, dsn, fake.URL(), freeAddr(t))
	loc := testkit.Shanghai()

	first := startServe(t, "serve#1", env)
	first.waitHealthy(t, 10*time.Second)
	first.waitLog(t, leaderLog, 10*time.Second)
	ticketOf := func(u unitChats) string { return fmt.Sprintf("K-%03d", u.unit.ID) }
	var tickets []ticketIn
	for _, u := range seeded {
		tickets = append(tickets, overdueTicket(ticketOf(u), u.unit.Name, time.Now(), loc))
	}
	first.pushTickets(t, tickets)

	// Kill as soon as killAfter alerts are through: mid-burst, where the
	// limiter keeps 200 messages to more than six seconds.
	if _, ok := fake.WaitSince(0, 60*time.Second, func(cs []fakebot.Call) bool {
		n := 0
		for _, c := range overdueAlerts(cs) {
			n += len(c)
		}
		return n >= killAfter
	}); !ok {
		t.Fatalf("fewer than %d alerts within a minute of the push", killAfter)
	}
	killedAt := first.kill(t)
	before := settledCalls(t, fake)
	sentBefore := overdueAlerts(before)
	recorded := recordedChats(t, st)
	var inFlight []int64
	for chat := range sentBefore {
		if !recorded[chat] {
			inFlight = append(inFlight, chat)
		}
	}
	sort.Slice(inFlight, func(a, b int) bool { return inFlight[a] < inFlight[b] })
	t.Logf("killed with %d of %d alerts delivered, %d recorded, in flight (sent, not recorded): %v",
		len(sentBefore), units*perUnit, len(recorded), inFlight)
	if len(sentBefore) >= units*perUnit {
		t.Fatalf("the burst was over before the kill (%d alerts): not mid-burst", len(sentBefore))
	}
	for chat := range recorded {
		if len(sentBefore[chat]) == 0 {
			t.Errorf("chat %d: delivery recorded but no alert reached Telegram", chat)
		}
	}

	second := startServe(t, "serve#2", env)
	second.waitLog(t, leaderLog, 10*time.Second)
	if _, ok := fake.WaitSince(0, 60*time.Second, everyChatAlerted(seeded, ticketOf)); !ok {
		t.Fatal("not every chat got its alert within a minute of the restart")
	}
	finished := time.Now()
	waitSettled(t, st, finished)
	all := fake.Calls()
	after := overdueAlerts(fake.CallsSince(len(before)))

	var dups []int64
	for _, u := range seeded {
		got := alertsFor(all, ticketOf(u))
		for _, chat := range u.chats {
			switch n := got[chat]; {
			case n == 0:
				t.Errorf("chat %d (%s): alert lost", chat, u.unit.Name)
			case n == 2:
				dups = append(dups, chat)
			case n > 2:
				t.Errorf("chat %d (%s): %d copies of its alert", chat, u.unit.Name, n)
			}
		}
	}
	sort.Slice(dups, func(a, b int) bool { return dups[a] < dups[b] })
	if fmt.Sprint(dups) != fmt.Sprint(inFlight) {
		t.Errorf("duplicated chats %v, want exactly those in flight at the kill %v", dups, inFlight)
	}
	if len(dups) > senderWorkers {
		t.Errorf("%d duplicates, more than the sender's %d messages in flight", len(dups), senderWorkers)
	}
	peakBefore := fakebot.MaxWithin(flatten(sentBefore), time.Second)
	peakAfter := fakebot.MaxWithin(flatten(after), time.Second)
	t.Logf("restart: %d alerts more, all %d chats reached %s after the kill; duplicates %d %v; peak per second %d before the kill, %d after",
		len(flatten(after)), units*perUnit, finished.Sub(killedAt).Round(time.Millisecond), len(dups), dups, peakBefore, peakAfter)
	if peakBefore > 30 || peakAfter > 30 {
		t.Errorf("peak %d and %d messages per second, want at most 30", peakBefore, peakAfter)
	}
}

// TestServeTwoReplicasPostgres runs two serve processes on one PostgreSQL
// database: tickets pushed through the standby's API alert exactly once
// (only the leader runs the jobs and the sender), and when the leader is
// killed the standby takes over within a minute and alerts a new ticket
// exactly once.
func TestServeTwoReplicasPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out a leader lease of 20 seconds")
	}
	dsn := storetest.Postgres(t)
	fake := fakebot.New(t)
	st := teststore.Open(t, dsn)
	seeded := seedContacts(t, st, 3, 2)
	loc := testkit.Shanghai()

	a := startServe(t, "replica A", serveEnv(t, dsn, fake.URL(), freeAddr(t)))
	a.waitHealthy(t, 10*time.Second)
	b := startServe(t, "replica B", serveEnv(t, dsn, fake.URL(), freeAddr(t)))
	b.waitHealthy(t, 10*time.Second)
	leader, standby := whoLeads(t, a, b)
	t.Logf("%s leads, %s stands by", leader.name, standby.name)

	ticketOf := func(u unitChats) string { return fmt.Sprintf("P-%03d", u.unit.ID) }
	var tickets []ticketIn
	for _, u := range seeded {
		tickets = append(tickets, overdueTicket(ticketOf(u), u.unit.Name, time.Now(), loc))
	}
	pushed := time.Now()
	standby.pushTickets(t, tickets)
	if _, ok := fake.WaitSince(0, 30*time.Second, everyChatAlerted(seeded, ticketOf)); !ok {
		t.Fatal("not every chat got its alert within 30s of the push")
	}
	t.Logf("alerts for tickets pushed to the standby arrived within %s", time.Since(pushed).Round(time.Millisecond))
	waitSettled(t, st, time.Now())
	exactlyOnce(t, fake.Calls(), seeded, ticketOf)
	if standby.leading() {
		t.Fatalf("%s took the lease too while %s held it", standby.name, leader.name)
	}

	killedAt := leader.kill(t)
	took := standby.waitLog(t, leaderLog, time.Minute).at.Sub(killedAt)
	t.Logf("%s killed; %s took over after %s", leader.name, standby.name, took.Round(time.Millisecond))

	u := seeded[0]
	later := func(unitChats) string { return "P-LATER" }
	standby.pushTickets(t, []ticketIn{overdueTicket("P-LATER", u.unit.Name, time.Now(), loc)})
	if _, ok := fake.WaitSince(0, 30*time.Second, everyChatAlerted(seeded[:1], later)); !ok {
		t.Fatal("the new leader did not alert a new ticket within 30s")
	}
	waitSettled(t, st, time.Now())
	all := fake.Calls()
	exactlyOnce(t, all, seeded, ticketOf)
	exactlyOnce(t, all, seeded[:1], later)
	noRepeats(t, all)
	for _, c := range fake.Calls("getUpdates") {
		if c.Status == http.StatusConflict {
			t.Errorf("two replicas long-polled at once: %s", c.Description)
			break
		}
	}
}
