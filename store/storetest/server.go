package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The variables that choose the tests' PostgreSQL server.
const (
	// EnvURL names a server (a postgres:// URL of a database that exists).
	EnvURL = "HOTLINE_TEST_PG"
	// EnvSkip, set to 1, skips the PostgreSQL tests.
	EnvSkip = "HOTLINE_TEST_NO_PG"
	// EnvRequire, set to 1, fails a PostgreSQL test that would be skipped
	// (.ci/run sets it, so CI always runs both engines).
	EnvRequire = "HOTLINE_TEST_REQUIRE_PG"
)

// throwawayPort is where a throwaway server listens, on 127.0.0.1 only.
const throwawayPort = 55432

// howToRun is the one line a skipped PostgreSQL test prints.
const howToRun = "PostgreSQL tests skipped: no server on 127.0.0.1:5432 and no initdb/pg_ctl to start one; " +
	"install PostgreSQL (its binaries suffice) or set " + EnvURL + "=postgres://user@host:port/db"

var (
	serverOnce sync.Once
	serverURL  string // the admin URL, or "" when there is none
	serverWhy  string // why there is none
)

// server is the admin URL of the tests' PostgreSQL server, found once per
// test binary: HOTLINE_TEST_PG when set; else the usual local server when
// it answers; else a throwaway server started from the installed binaries.
// Without any, the test is skipped with one line on how to run it, or
// failed when HOTLINE_TEST_REQUIRE_PG=1.
func server(t testing.TB) string {
	t.Helper()
	if os.Getenv(EnvSkip) == "1" {
		skipOrFail(t, "PostgreSQL tests disabled by "+EnvSkip+"=1")
	}
	serverOnce.Do(func() { serverURL, serverWhy = findServer() })
	if serverURL == "" {
		skipOrFail(t, serverWhy)
	}
	return serverURL
}

var printOnce sync.Once

func skipOrFail(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(EnvRequire) == "1" {
		t.Fatal(why + " (" + EnvRequire + "=1 makes this a failure)")
	}
	printOnce.Do(func() { tellOnce(why) })
	t.Skip(why)
}

// tellOnce shows why on the terminal running the tests (go test hides a
// passing package's output), once a minute however many test binaries
// skip; without a terminal it goes to stderr, seen with -v.
func tellOnce(why string) {
	mark := filepath.Join(os.TempDir(), fmt.Sprintf("hotlinebot-pg-skip-%d", os.Getuid()))
	if fi, err := os.Stat(mark); err == nil && time.Since(fi.ModTime()) < time.Minute {
		return
	}
	_ = os.WriteFile(mark, nil, 0o644)
	out := os.Stderr
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		out = tty
	}
	fmt.Fprintln(out, why)
}

func findServer() (url, why string) {
	if u := os.Getenv(EnvURL); u != "" {
		return u, ""
	}
	if reachable(DefaultPostgresURL) {
		return DefaultPostgresURL, ""
	}
	bin := postgresBin()
	if bin == "" {
		return "", howToRun
	}
	u, err := StartThrowaway(bin, filepath.Join(os.TempDir(), fmt.Sprintf("hotlinebot-test-pg-%d", os.Getuid())), throwawayPort)
	if err != nil {
		return "", fmt.Sprintf("PostgreSQL tests skipped: starting a throwaway server from %s failed: %v", bin, err)
	}
	return u, ""
}

// reachable reports whether a server answers at url within two seconds.
func reachable(url string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", url)
	if err != nil {
		return false
	}
	defer db.Close()
	return db.PingContext(ctx) == nil
}

// binGlob is where Debian and Ubuntu install each PostgreSQL version's
// binaries, which are not on PATH.
var binGlob = "/usr/lib/postgresql/*/bin"

// postgresBin is the directory holding initdb and pg_ctl: on PATH, else the
// newest of binGlob; "" when there is none.
func postgresBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob(binGlob)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if isFile(filepath.Join(d, "initdb")) && isFile(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// StartThrowaway starts (or finds running) a PostgreSQL server whose data
// lives in dir, listening on 127.0.0.1:port with trust authentication for
// user postgres, and returns its admin URL. Test binaries running at once
// share it: a lock on dir lets one of them create and start it. It is left
// running for later runs; `pg_ctl -D dir/data stop` stops it. As root
// (which initdb refuses) it runs the binaries as the postgres user.
func StartThrowaway(bin, dir string, port int) (string, error) {
	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lock(filepath.Join(dir, "lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if reachable(url) {
		return url, nil
	}
	run, err := runner(dir)
	if err != nil {
		return "", err
	}
	data := filepath.Join(dir, "data")
	if !isFile(filepath.Join(data, "PG_VERSION")) {
		if out, err := run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
			return "", fmt.Errorf("initdb: %v: %s", err, out)
		}
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off", port, dir)
	if out, err := run(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		return "", fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	if !reachable(url) {
		return "", errors.New("started, but it does not answer")
	}
	return url, nil
}

// runner runs a command as the current user, or as postgres when root,
// after handing dir to that user.
func runner(dir string) (func(name string, args ...string) ([]byte, error), error) {
	if os.Geteuid() != 0 {
		return func(name string, args ...string) ([]byte, error) { return exec.Command(name, args...).CombinedOutput() }, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and there is no postgres user to run initdb as")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return func(name string, args ...string) ([]byte, error) {
		cmd := exec.Command(name, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Dir = dir
		return cmd.CombinedOutput()
	}, nil
}

// lock takes an exclusive lock on path, waiting for it.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
