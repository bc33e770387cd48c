package report

import (
	"fmt"
	"html"
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
			t.Rows = append(t.Rows, []string{l.Item, format.Sig(l.Quantity, 4) + " " + l.Unit,
				strconv.FormatFloat(l.UnitPriceUSD, 'f', -1, 64) + " $/" + l.Unit, money(l.USD), money(l.MonthlyUSD)})
		}
		t.Rows = append(t.Rows, []string{"total", "", "", money(m.Cost.TotalUSD), money(m.Cost.MonthlyUSD)})
		out = append(out, t)
	}
	return out
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
