package archtest

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// forbidden lists, per package, the packages it must not depend on, directly
// or through another.
var forbidden = []struct {
	pkg     string
	mustNot []string
}{
	{"hotlinebot/bot", []string{"hotlinebot/store", "hotlinebot/jobs"}},
	{"hotlinebot/api", []string{"hotlinebot/store"}},
	{"hotlinebot/importer", []string{"hotlinebot/store"}},
	{"hotlinebot/jobs", []string{"hotlinebot/store"}},
}

func TestLayering(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list dependencies: %v", err)
	}
	watchSources(t, goBin)
	for _, f := range forbidden {
		t.Run(f.pkg, func(t *testing.T) {
			out, err := exec.Command(goBin, "list", "-deps", f.pkg).Output()
			if err != nil {
				t.Fatalf("go list -deps %s: %v", f.pkg, err)
			}
			deps := map[string]bool{}
			for _, d := range strings.Fields(string(out)) {
				deps[d] = true
			}
			if !deps[f.pkg] {
				t.Fatalf("go list -deps %s did not list the package itself:\n%s", f.pkg, out)
			}
			for _, bad := range f.mustNot {
				if deps[bad] {
					t.Errorf("%s depends on %s; declare an interface in %s and wire the store in cmd/hotlinebot", f.pkg, bad, f.pkg)
				}
			}
		})
	}
}

// watchSources stats every Go file of the module. go list runs in another
// process, so without this go test would cache a pass and miss a new
// import; the test cache keys on the files and directories a test looks at.
func watchSources(t *testing.T, goBin string) {
	t.Helper()
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() {
			f, err := os.Open(path) // records the directory's listing
			if err != nil {
				return err
			}
			return f.Close()
		}
		if strings.HasSuffix(path, ".go") {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk the module: %v", err)
	}
}
