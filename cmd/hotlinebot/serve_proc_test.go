package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The serve tests run the real binary, built once per test run (plainly:
// the processes need not carry the race detector; the test process does).
var serveBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if serveBinary.dir != "" {
		os.RemoveAll(serveBinary.dir)
	}
	os.Exit(code)
}

// binary builds hotlinebot on first use and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	b := &serveBinary
	b.once.Do(func() {
		b.dir, b.err = os.MkdirTemp("", "hotlinebot-serve-test-")
		if b.err != nil {
			return
		}
		b.path = filepath.Join(b.dir, "hotlinebot")
		out, err := exec.Command("go", "build", "-o", b.path, ".").CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// freeAddr is a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// logLine is one line a process wrote to stderr, with when it arrived.
type logLine struct {
	at  time.Time
	msg string // the JSON log record's msg; empty for other lines
	raw string
}

// procLog collects a process's stderr line by line and lets a test wait for
// a log message.
type procLog struct {
	mu      sync.Mutex
	partial []byte
	lines   []logLine
	changed chan struct{}
}

func newProcLog() *procLog { return &procLog{changed: make(chan struct{})} }

// Write splits what the process wrote into lines, stamping each.
func (l *procLog) Write(p []byte) (int, error) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		raw := string(l.partial[:i])
		l.partial = l.partial[i+1:]
		var rec struct {
			Msg string `json:"msg"`
		}
		_ = json.Unmarshal([]byte(raw), &rec)
		l.lines = append(l.lines, logLine{at: now, msg: rec.Msg, raw: raw})
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

// find returns the first line whose msg starts with prefix.
func (l *procLog) find(prefix string) (logLine, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ln := range l.lines {
		if ln.msg != "" && strings.HasPrefix(ln.msg, prefix) {
			return ln, true
		}
	}
	return logLine{}, false
}

// wait blocks until a line whose msg starts with prefix arrives, or timeout.
func (l *procLog) wait(prefix string, timeout time.Duration) (logLine, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if ln, ok := l.find(prefix); ok {
			return ln, true
		}
		l.mu.Lock()
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			return logLine{}, false
		}
	}
}

// text is everything written so far.
func (l *procLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, ln := range l.lines {
		b.WriteString(ln.raw)
		b.WriteByte('\n')
	}
	b.Write(l.partial)
	return b.String()
}

// serveProc is one running `hotlinebot serve`.
type serveProc struct {
	name    string
	addr    string
	cmd     *exec.Cmd
	log     *procLog
	started time.Time
	done    chan struct{} // closed once the process has exited
	exitErr error
}

// serveEnv is the whole environment of a serve process: nothing is
// inherited from the test's own.
func serveEnv(t *testing.T, db, apiURL, addr string) map[string]string {
	t.Helper()
	cfg, err := filepath.Abs(filepath.Join("testdata", "serve", "hotline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"HOTLINE_DB":         db,
		"HOTLINE_CONFIG":     cfg,
		"HOTLINE_TIMEZONE":   "Asia/Shanghai",
		"TELEGRAM_BOT_TOKEN": "123456:TEST-token",
		"TELEGRAM_API_URL":   apiURL,
		"HOTLINE_HTTP_ADDR":  addr,
		"HOTLINE_API_TOKEN":  serveAPIToken,
	}
}

// serveAPIToken is the bearer token of the processes' HTTP API.
const serveAPIToken = "serve-test-token"

// startServe starts `hotlinebot serve` with env; it is killed when the test
// ends, and its stderr is shown if the test failed.
func startServe(t *testing.T, name string, env map[string]string) *serveProc {
	t.Helper()
	p := &serveProc{name: name, addr: env["HOTLINE_HTTP_ADDR"], log: newProcLog(), done: make(chan struct{})}
	p.cmd = exec.Command(binary(t), "serve")
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout = io.Discard
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	p.started = time.Now()
	go func() {
		p.exitErr = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill(t)
		if t.Failed() {
			t.Logf("stderr of %s (pid %d):\n%s", p.name, p.cmd.Process.Pid, lastLines(p.log.text(), 60))
		}
	})
	return p
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// exited reports whether the process has ended.
func (p *serveProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL, as a crash or the OOM killer would, and waits for the
// process to be gone; it returns when the signal was sent.
func (p *serveProc) kill(t *testing.T) time.Time {
	t.Helper()
	at := time.Now()
	if !p.exited() {
		_ = p.cmd.Process.Kill()
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Errorf("%s: still running 10s after SIGKILL", p.name)
	}
	return at
}

// stop sends SIGTERM and returns the exit code and how long the process
// took to exit; code -1 when it did not exit within timeout.
func (p *serveProc) stop(t *testing.T, timeout time.Duration) (code int, took time.Duration) {
	t.Helper()
	at := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("%s: SIGTERM: %v", p.name, err)
	}
	select {
	case <-p.done:
	case <-time.After(timeout):
		return -1, time.Since(at)
	}
	return p.cmd.ProcessState.ExitCode(), time.Since(at)
}

// waitLog waits for a log message of the process, failing the test if it
// does not come in time or the process exits first.
func (p *serveProc) waitLog(t *testing.T, prefix string, timeout time.Duration) logLine {
	t.Helper()
	ln, ok := p.log.wait(prefix, timeout)
	if !ok {
		t.Fatalf("%s: no log %q within %s (exited: %v)", p.name, prefix, timeout, p.exited())
	}
	return ln
}

// leading reports whether the process has logged that it leads.
func (p *serveProc) leading() bool {
	_, ok := p.log.find(leaderLog)
	return ok
}

// leaderLog is what serve logs when its replica takes the leader lease.
const leaderLog = "leader: running jobs"

var httpClient = &http.Client{Timeout: 5 * time.Second}

// get asks the process for path and returns the status, 0 when it did not
// answer.
func (p *serveProc) get(path string, timeout time.Duration) int {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.addr+path, nil)
	if err != nil {
		return 0
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitHealthy polls /healthz until it answers 200 and returns how long after
// the process started that was.
func (p *serveProc) waitHealthy(t *testing.T, timeout time.Duration) time.Duration {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if p.get("/healthz", 500*time.Millisecond) == http.StatusOK {
			return time.Since(p.started)
		}
		if p.exited() {
			t.Fatalf("%s exited before answering /healthz: %v", p.name, p.exitErr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: /healthz not answering within %s", p.name, timeout)
	return 0
}

// ticketIn is a ticket as POST /api/v1/tickets takes it.
type ticketIn struct {
	No           string `json:"ticket_no"`
	Unit         string `json:"unit"`
	Category     string `json:"category"`
	Topic        string `json:"topic"`
	Summary      string `json:"summary"`
	DispatchedAt string `json:"dispatched_at"`
	DueAt        string `json:"due_at"`
}

// overdueTicket is a ticket of unit that fell due an hour before now: past
// its overdue stage, not yet escalated.
func overdueTicket(no, unit string, now time.Time, loc *time.Location) ticketIn {
	const layout = "2006-01-02 15:04"
	return ticketIn{
		No: no, Unit: unit, Category: "投诉", Topic: "城市管理类", Summary: "夜间施工噪音扰民",
		DispatchedAt: now.Add(-72 * time.Hour).In(loc).Format(layout),
		DueAt:        now.Add(-time.Hour).In(loc).Format(layout),
	}
}

// pushTickets posts a batch through the process's HTTP API and requires
// every ticket stored.
func (p *serveProc) pushTickets(t *testing.T, tickets []ticketIn) {
	t.Helper()
	body, err := json.Marshal(tickets)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+p.addr+"/api/v1/tickets", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+serveAPIToken)
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s: push tickets: %v", p.name, err)
	}
	defer resp.Body.Close()
	var res struct {
		Stored int `json:"stored"`
	}
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &res) // an answer that is not a push result fails below
	if resp.StatusCode != http.StatusOK || res.Stored != len(tickets) {
		t.Fatalf("%s: push tickets: %s %s, want 200 and %d stored", p.name, resp.Status, raw, len(tickets))
	}
}

// body GETs path from the process and returns the answer's body.
func (p *serveProc) body(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get("http://" + p.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return string(b)
}
