package report

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// reportCSS keeps report.html self-contained: no stylesheet, font, script
// or image is fetched from anywhere.
const reportCSS = `
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#1a1a1a;margin:0 auto;max-width:1200px;padding:24px 32px;line-height:1.45}
h1{font-size:28px;margin:0 0 4px} h2{font-size:21px;margin:32px 0 12px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 4px} .meta{color:#555;font-size:14px}
table{border-collapse:collapse;font-size:15px} th,td{padding:5px 14px;border-bottom:1px solid #eee}
th{text-align:right;font-weight:bold} th:first-child,td:first-child{text-align:left}
td{text-align:right;font-variant-numeric:tabular-nums}
ul.findings li{margin:6px 0}
figure{margin:24px 0} figure svg{width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:14px}
p.warning{background:#fff4e5;border-left:4px solid #e69500;padding:8px 12px}
h3{font-size:17px;margin:20px 0 8px}
pre{background:#f6f6f6;padding:12px;overflow-x:auto;font-size:13px}
footer{color:#777;font-size:13px;margin-top:40px}
`

// HTML is report.html: one self-contained file with the fleet section of a
// blend (the answer first), the summary table, the findings, every chart inline as SVG, the command that reproduces the run
// and the scenario as run.
func (b *Bundle) HTML(charts []ChartFile) string {
	s := b.Summary
	esc := html.EscapeString
	var w strings.Builder
	title := fmt.Sprintf("execsim · %s · seed %d", s.Scenario, s.Seed)
	fmt.Fprintf(&w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>%s%s%s%s</style>\n</head>\n<body>\n", esc(title), reportCSS, verdictCSS, b.platformCSS(), b.fleetCSS())
	fmt.Fprintf(&w, "<header>\n<h1 id=\"title\">%s</h1>\n", esc(s.Scenario))
	if n := b.partialNotice(); n != "" {
		fmt.Fprintf(&w, "<p class=\"warning partial\"><strong>%s</strong></p>\n", esc(n))
	}
	if b.Description != "" {
		fmt.Fprintf(&w, "<p class=\"sub\">%s</p>\n", esc(b.Description))
	}
	fmt.Fprintf(&w, "<p class=\"meta\">seed %d · %s simulated · %s requests%s · fingerprint <code>%s</code> · %s events</p>\n",
		s.Seed, esc(simulated(s)), format.Count(s.Arrivals), counted(s), esc(s.Fingerprint), format.Count(int64(s.Events)))
	if n := warmupNote(s); n != "" {
		fmt.Fprintf(&w, "<p class=\"meta\">%s</p>\n", esc(format.Capitalised(n)))
	}
	warningsHTML(&w, s)
	w.WriteString("</header>\n")

	b.verdictHTML(&w)
	b.fleetHTML(&w, charts)
	w.WriteString("<section id=\"summary\">\n<h2>Side by side</h2>\n<table>\n")
	for i, r := range summaryTable(s) {
		w.WriteString("<tr>")
		for j, c := range r {
			switch {
			case i == 0 && j > 0:
				fmt.Fprintf(&w, "<th class=\"%s\">%s</th>", esc(c), esc(b.Registry.Look(c).Label))
			case i == 0:
				w.WriteString("<th></th>")
			case j > 0 && strings.HasPrefix(r[0], "SLO ("):
				fmt.Fprintf(&w, "<td class=\"%s\">%s</td>", sloClass(c), esc(c))
			default:
				fmt.Fprintf(&w, "<td>%s</td>", esc(c))
			}
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</table>\n")
	for _, n := range tableNotes(s) {
		fmt.Fprintf(&w, "<p class=\"note\">%s</p>\n", esc(n))
	}
	w.WriteString("</section>\n")
	b.costHTML(&w)

	w.WriteString("<section id=\"findings\">\n<h2>Findings</h2>\n<ul class=\"findings\">\n")
	for _, f := range b.Findings() {
		fmt.Fprintf(&w, "<li>%s</li>\n", esc(f))
	}
	w.WriteString("</ul>\n</section>\n")

	if len(charts) > 0 {
		w.WriteString("<section id=\"charts\">\n<h2>Charts</h2>\n")
		for _, c := range charts {
			if c.Name == FleetChart {
				continue // in the fleet section
			}
			fmt.Fprintf(&w, "<figure id=\"chart-%s\">\n%s\n<figcaption>%s (also %s.png and %s.svg)</figcaption>\n</figure>\n",
				esc(c.Name), inlineSVG(c.SVG), esc(c.Title), esc(c.Name), esc(c.Name))
		}
		w.WriteString("</section>\n")
	}
	if b.Command != "" {
		fmt.Fprintf(&w, "<section id=\"reproduce\">\n<h2>Reproduce</h2>\n<pre>%s</pre>\n</section>\n", esc(b.Command))
	}
	fmt.Fprintf(&w, "<section id=\"scenario\">\n<h2>Scenario</h2>\n<pre>%s</pre>\n</section>\n", esc(string(b.Scenario)))
	writer := "execsim"
	if s.Version != "" {
		writer = s.Version
	}
	fmt.Fprintf(&w, "<footer>Written by %s (%s). Latency percentiles are within 0.1 %% of nearest-rank; costs are 730-hour projections of this run at the catalogue's prices.</footer>\n</body>\n</html>\n", esc(writer), esc(s.Schema))
	return w.String()
}

// platformCSS colours each platform's column heading in its text colour.
func (b *Bundle) platformCSS() string {
	var w strings.Builder
	for _, p := range b.Registry {
		c := p.Look().Text
		fmt.Fprintf(&w, "th.%s{color:#%02x%02x%02x}\nh3.%s{color:#%02x%02x%02x}\n", p.Name(), c.R, c.G, c.B, p.Name(), c.R, c.G, c.B)
	}
	return w.String()
}

// inlineSVG drops the XML prolog and comments before the <svg> element so
// the chart can sit inside HTML.
func inlineSVG(svg []byte) string {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	return string(bytes.TrimSpace(svg))
}
