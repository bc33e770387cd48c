package report

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/summary"
)

// CostFile is the run's bill in long format, one row per line.
const CostFile = "cost.csv"

// CostHeader is the column list of cost.csv, a tidy table pandas reads as
// it is: platform; item (the bill's line, e.g. "alb hours"); quantity in
// quantity_unit ("GB-s", "1M requests", "h", "LCU-h", "node-h", "GB");
// unit_price_usd per quantity_unit; cost_usd for the run (negative for a
// credit such as the free tier) and monthly_usd its 730-hour projection.
// Per platform cost_usd adds up to cost.total_usd in summary.json.
var CostHeader = []string{"platform", "item", "quantity", "quantity_unit", "unit_price_usd", "cost_usd", "monthly_usd"}

// CostCells are a cost row's cells after platform, as cost.csv writes them.
func CostCells(r summary.CostRow) []string {
	return []string{r.Item, Num(r.Quantity), r.Unit, strconv.FormatFloat(r.UnitPriceUSD, 'f', -1, 64),
		strconv.FormatFloat(r.USD, 'f', 6, 64), strconv.FormatFloat(r.MonthlyUSD, 'f', 6, 64)}
}

// CostCSV renders cost.csv.
func (b *Bundle) CostCSV() []byte {
	rows := [][]string{CostHeader}
	for _, r := range b.Summary.CostRows() {
		rows = append(rows, append([]string{r.Platform}, CostCells(r)...))
	}
	return CSVBytes(rows)
}

// Warnings are the summary's warnings, as every output prints them.
func Warnings(s summary.Summary) []string {
	out := make([]string, len(s.Warnings))
	for i, w := range s.Warnings {
		out[i] = "warning: " + w
	}
	return out
}

// costTable is one platform's bill for a report: a header row, one row per
// line (item, quantity with its unit, unit price, the run's amount, the
// month's) and the total.
type costTable struct {
	Platform string
	Rows     [][]string
}

// costTables are the platforms' bills, in the summary's order; a platform
// without cost (or a summary written before cost lines) has none.
func costTables(s summary.Summary) []costTable {
	var out []costTable
	for _, m := range s.Models {
		if m.Cost == nil || len(m.Cost.Lines) == 0 {
			continue
		}
		t := costTable{Platform: m.Name, Rows: [][]string{{"item", "quantity", "unit price", "run", "per month"}}}
		for _, l := range m.Cost.Lines {
			run := money(l.USD)
			if l.USD == 0 && l.MonthlyUSD != 0 {
				run = belowMicro(l.MonthlyUSD)
			}
			t.Rows = append(t.Rows, []string{l.Item, quantity(l.Quantity) + " " + l.Unit,
				strconv.FormatFloat(l.UnitPriceUSD, 'f', -1, 64) + " $/" + l.Unit, run, money(l.MonthlyUSD)})
		}
		t.Rows = append(t.Rows, []string{"total", "", "", money(m.Cost.TotalUSD), money(m.Cost.MonthlyUSD)})
		out = append(out, t)
	}
	return out
}

// quantity prints a bill line's quantity with every digit of its integer
// part and three decimals' precision (at least four significant digits
// below 1): "22,564.416 GB-s", not "22,560", which read as exact (audit 6).
func quantity(x float64) string {
	digits := 0
	if a := math.Abs(x); a >= 1 {
		digits = int(math.Floor(math.Log10(a))) + 1
	}
	return format.Sig(x, max(4, digits+3))
}

// belowMicro is a run's amount that rounds to no micro-dollar though the
// line costs something (its month does): "< $0.000001", the table's own
// precision, rather than a "$0.00" beside a month of "$0.000026" (audit 6).
func belowMicro(monthly float64) string {
	if monthly < 0 {
		return "> -$0.000001"
	}
	return "< $0.000001"
}

// money prints dollars, a credit with a leading minus.
func money(x float64) string {
	if x < 0 {
		return "-" + format.USD(-x)
	}
	return format.USD(x)
}

// costText writes the warnings and each platform's bill for the text summary.
func costText(b *strings.Builder, s summary.Summary) {
	for _, t := range costTables(s) {
		fmt.Fprintf(b, "\n%s cost\n", t.Platform)
		writeTable(b, t.Rows)
	}
}

// warningsText writes the warnings, one a line, or nothing.
func warningsText(b *strings.Builder, s summary.Summary) {
	for _, w := range Warnings(s) {
		fmt.Fprintf(b, "%s\n", w)
	}
}

// costMarkdown writes the bills as Markdown tables, after the price basis
// (summary.Summary.PriceBasis): a cost verdict says once what its prices
// assume.
func costMarkdown(w *strings.Builder, s summary.Summary) {
	ts := costTables(s)
	if len(ts) == 0 {
		return
	}
	w.WriteString("\n### Cost breakdown\n")
	if s.PriceBasis != "" {
		fmt.Fprintf(w, "\n%s\n", markdownText(s.PriceBasis))
	}
	for _, t := range ts {
		fmt.Fprintf(w, "\n**%s**\n\n", markdownText(t.Platform))
		for i, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				cells[j] = markdownText(c)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
			if i == 0 {
				fmt.Fprintf(w, "|---|%s\n", strings.Repeat("--:|", len(r)-1))
			}
		}
	}
}

// warningsMarkdown writes the warnings as a quoted block, or nothing.
func warningsMarkdown(w *strings.Builder, s summary.Summary) {
	for _, x := range s.Warnings {
		fmt.Fprintf(w, "> **Warning:** %s\n\n", markdownText(x))
	}
}

// costHTML writes the bills as a section of tables, after the price
// basis, as costMarkdown.
func (b *Bundle) costHTML(w *strings.Builder) {
	ts := costTables(b.Summary)
	if len(ts) == 0 {
		return
	}
	esc := html.EscapeString
	w.WriteString("<section id=\"cost\">\n<h2>Cost breakdown</h2>\n")
	if pb := b.Summary.PriceBasis; pb != "" {
		fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc(pb))
	}
	for _, t := range ts {
		fmt.Fprintf(w, "<h3 class=\"%s\">%s</h3>\n<table>\n", esc(t.Platform), esc(b.Registry.Look(t.Platform).Label))
		for i, r := range t.Rows {
			w.WriteString("<tr>")
			for _, c := range r {
				if i == 0 {
					fmt.Fprintf(w, "<th>%s</th>", esc(c))
				} else {
					fmt.Fprintf(w, "<td>%s</td>", esc(c))
				}
			}
			w.WriteString("</tr>\n")
		}
		w.WriteString("</table>\n")
	}
	w.WriteString("</section>\n")
}

// warningsHTML writes the warnings as a marked paragraph each, or nothing.
func warningsHTML(w *strings.Builder, s summary.Summary) {
	for _, x := range s.Warnings {
		fmt.Fprintf(w, "<p class=\"warning\"><strong>Warning:</strong> %s</p>\n", html.EscapeString(x))
	}
}
