package cost

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Money is an amount in integer micro-dollars (1 USD = 1,000,000). Totals
// are integer sums of rounded lines, so they print the same bytes on every
// platform.
type Money int64

// USD is m in dollars.
func (m Money) USD() float64 { return float64(m) / 1e6 }

// Micros is m in micro-dollars.
func (m Money) Micros() int64 { return int64(m) }

// Cents is m rounded to whole cents, halves away from zero.
func (m Money) Cents() int64 { return roundHalfAway(big.NewRat(int64(m), 10_000)) }

// String prints m in dollars with all six decimals, e.g. "$1.850003".
func (m Money) String() string {
	sign, v := "", int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s$%d.%06d", sign, v/1_000_000, v%1_000_000)
}

// Line is one item of a bill: Quantity Unit at UnitPriceUSD each comes to
// Amount, rounded to a micro-dollar from the exact product. Credits (free
// tier, volume discounts) are lines with a negative amount.
type Line struct {
	Item         string  // e.g. "lambda duration x86_64"; unique within a Breakdown
	Quantity     float64 // in Unit
	Unit         string  // "GB-s", "1M requests", "node-h", "h", "LCU-h", "GB"
	UnitPriceUSD float64 // per Unit
	Amount       Money
	// KeepAtZero marks a line that says something at no quantity and no
	// amount, so that a bill built from others' keeps it where it drops
	// their unused lines: a control plane switched off
	// (cost.controlPlane: false) shows at no hours on purpose, to say the
	// cluster's fixed fee was left out, not forgotten.
	KeepAtZero bool
	// exact is the unrounded product Amount was rounded from, when the
	// line was computed here (nil for a line built elsewhere): a month
	// projected from a short run multiplies the rounding by 730 h / run,
	// and $0.10 an hour for 5 minutes, $0.008333 once rounded, made a
	// $72.99708 month (see MonthlyOver).
	exact *big.Rat
}

// USD is the line's amount in dollars.
func (l Line) USD() float64 { return l.Amount.USD() }

// Breakdown is a bill: its lines in a fixed order (the order the meter
// writes them, never map order).
type Breakdown struct {
	Lines []Line
}

// Total is the sum of the lines.
func (b Breakdown) Total() Money {
	var t Money
	for _, l := range b.Lines {
		t += l.Amount
	}
	return t
}

// USD is the total in dollars.
func (b Breakdown) USD() float64 { return b.Total().USD() }

// Line returns the line named item.
func (b Breakdown) Line(item string) (Line, bool) {
	for _, l := range b.Lines {
		if l.Item == item {
			return l, true
		}
	}
	return Line{}, false
}

// String prints one line per item with the amount in integer micro-dollars,
// then the total.
func (b Breakdown) String() string {
	var sb strings.Builder
	w := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0)
	for _, l := range b.Lines {
		fmt.Fprintf(w, "%s\t%s %s\t× %s\t= %d µ$\n", l.Item,
			strconv.FormatFloat(l.Quantity, 'g', 10, 64), l.Unit,
			strconv.FormatFloat(l.UnitPriceUSD, 'f', -1, 64), int64(l.Amount))
	}
	fmt.Fprintf(w, "total\t\t\t= %d µ$\n", int64(b.Total()))
	w.Flush()
	return sb.String()
}

// add appends a line of qty × unitPrice (exact), rounded to micro-dollars.
func (b *Breakdown) add(item string, qty *big.Rat, unit string, unitPrice *big.Rat) {
	exact := mul(qty, unitPrice)
	b.Lines = append(b.Lines, Line{
		Item:         item,
		Quantity:     ratFloat(qty),
		Unit:         unit,
		UnitPriceUSD: ratFloat(unitPrice),
		Amount:       micros(exact),
		exact:        exact,
	})
}

func (b *Breakdown) append(o Breakdown) { b.Lines = append(b.Lines, o.Lines...) }

// HoursPerMonth is AWS's month for monthly prices (730 h = 8,760 h / 12).
const HoursPerMonth = 730

// Month is HoursPerMonth as a duration.
const Month = HoursPerMonth * time.Hour

// Monthly projects a run's total to a 730-h month at the run's average
// rate: total × 730 h / run, rounded to a micro-dollar. It is 0 for a run
// of no length.
func Monthly(total Money, run time.Duration) Money {
	if run <= 0 {
		return 0
	}
	return Money(roundHalfAway(new(big.Rat).SetFrac(
		new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(int64(Month))),
		big.NewInt(int64(run)))))
}

// MonthlyOver projects the line to a 730-h month from a run of length
// run, as Monthly does, but from the line's exact amount where it has one.
func (l Line) MonthlyOver(run time.Duration) Money {
	if l.exact == nil {
		return Monthly(l.Amount, run)
	}
	return monthlyOf(l.exact, run)
}

// MonthlyOver projects the bill to a 730-h month from a run of length run:
// the exact sum of its lines (each exact where it has its unrounded
// amount) × 730 h / run, rounded once, so it is within a micro-dollar a
// line of the sum of the lines' projections.
func (b Breakdown) MonthlyOver(run time.Duration) Money {
	sum := new(big.Rat)
	for _, l := range b.Lines {
		if l.exact != nil {
			sum.Add(sum, l.exact)
		} else {
			sum.Add(sum, ratFrac(int64(l.Amount), 1_000_000))
		}
	}
	return monthlyOf(sum, run)
}

// monthlyOf is dollars × 730 h / run in micro-dollars, rounded half away
// from zero; 0 for a run of no length.
func monthlyOf(dollars *big.Rat, run time.Duration) Money {
	if run <= 0 {
		return 0
	}
	r := mul(dollars, ratInt(1_000_000), ratInt(int64(Month)))
	return Money(roundHalfAway(r.Quo(r, ratInt(int64(run)))))
}

// PerMillion is the cost per million requests: total × 10^6 / requests,
// rounded to a micro-dollar; 0 when there were no requests.
func PerMillion(total Money, requests int64) Money {
	if requests <= 0 {
		return 0
	}
	return Money(roundHalfAway(new(big.Rat).SetFrac(
		new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(1_000_000)),
		big.NewInt(requests))))
}
