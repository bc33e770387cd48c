package checks

import "testing"

// A drift note's --set must paste back into a shell: a value with quotes,
// spaces or a '#' is quoted (revcli: "--set description=a "b" c # x").
func TestSetsTextIsShellWords(t *testing.T) {
	got := setsText([]string{"lambda.memoryMB=1024", `description=a "b" c # x`})
	if want := `--set lambda.memoryMB=1024 --set 'description=a "b" c # x'`; got != want {
		t.Errorf("setsText = %s, want %s", got, want)
	}
}
