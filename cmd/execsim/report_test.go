package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's Chromium. .ci/run installs it; on a developer's
// machine without it the browser test is skipped, but never under CI.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; .ci/run must install Debian's chromium package")
	}
	t.Skip("chromium not installed (apt-get install chromium); CI runs this test")
	return ""
}

// headless runs Chromium the way this machine allows: no sandbox (root), no
// GPU, and none of the background connections a closed network refuses.
func headless(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--host-resolver-rules=MAP * ~NOTFOUND", // any request for anything on a network fails
		"--user-data-dir=" + t.TempDir()}
	out, err := exec.CommandContext(ctx, bin, append(base, args...)...).Output()
	if err != nil {
		t.Fatalf("chromium %v: %v", args, err)
	}
	return out
}

func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "run", "--out", dir, "builtin:spike"); code != 0 {
		t.Fatalf("run: %s", errOut)
	}
	page := "file://" + filepath.Join(dir, "report.html")
	html := readFile(t, filepath.Join(dir, "report.html"))
	for _, bad := range []string{"<script", "<link", "<img", "src=", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("report.html contains %q: it must not load anything", bad)
		}
	}

	// The DOM as Chromium parsed and laid it out: title, table, findings, charts.
	dom := string(headless(t, bin, "--dump-dom", page))
	for _, want := range []string{
		`<h1 id="title">spike</h1>`, `<th class="kubernetes">Kubernetes</th>`, `<th class="lambda">AWS Lambda</th>`,
		"<td>latency p99</td>", "<td>cost per month (730 h) *</td>", "Kubernetes rejected",
		`<section id="verdict">`, "Lambda is cheaper while meeting the SLO", "projected from a 30 min run", `id="chart-latency-cdf"`,
		`id="chart-latency-tail"`, `id="chart-capacity"`, "<svg", "execsim run builtin:spike --seed 42",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
	if n := strings.Count(dom, "<figure"); n != 6 {
		t.Errorf("%d charts on the page; want 6", n)
	}

	// A screenshot of the whole page: the charts are drawn, not blank. Each
	// model's line colour must cover a real area of the lower part of the
	// page, where the charts are (the table's two coloured headers are tiny).
	shot := filepath.Join(t.TempDir(), "report.png")
	headless(t, bin, "--window-size=1280,7000", "--hide-scrollbars", "--screenshot="+shot, page)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	near := func(r, g, b2 uint32, want [3]uint32) bool {
		d := func(x, y uint32) uint32 {
			if x > y {
				return x - y
			}
			return y - x
		}
		return d(r>>8, want[0])+d(g>>8, want[1])+d(b2>>8, want[2]) < 60
	}
	var blue, orange, inked int
	for y := b.Min.Y + b.Dy()/6; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case near(r, g, bl, [3]uint32{0x32, 0x6C, 0xE5}):
				blue++
			case near(r, g, bl, [3]uint32{0xE0, 0x78, 0x00}):
				orange++
			}
			if r>>8 < 200 || g>>8 < 200 || bl>>8 < 200 {
				inked++
			}
		}
	}
	t.Logf("screenshot %dx%d: %d Kubernetes-blue pixels, %d Lambda-orange pixels, %d inked", b.Dx(), b.Dy(), blue, orange, inked)
	if blue < 2000 || orange < 2000 {
		t.Errorf("charts look blank: %d blue and %d orange pixels; want thousands of each", blue, orange)
	}
	if inked < 50_000 {
		t.Errorf("only %d inked pixels below the header; the charts did not render", inked)
	}
	if os.Getenv("EXECSIM_KEEP_SCREENSHOT") != "" {
		_ = os.WriteFile(os.Getenv("EXECSIM_KEEP_SCREENSHOT"), data, 0o644)
	}
}
