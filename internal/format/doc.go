// Package format prints the simulator's numbers: money, milliseconds and
// run lengths, counts, percentages, ratios, rates, significant digits, and
// the labels of chart axes. It is the one place that decides how a number
// reads, so that a table, a finding and a chart say the same value the same
// way. It imports only the standard library.
//
// Two registers:
//
//   - Text (tables, reports, findings) keeps the digits a reader may compare
//     or copy: USD ("$0.006611", "$1,234.56"), Millis ("84.3 ms",
//     "1.204 s"), Count ("1,234,567"), Percent and PercentOf ("12.34 %"),
//     Ratio ("3.2×"), Clock ("1:05:09") and RunLength ("30 min").
//   - Labels inside charts are short, two or three significant digits:
//     USDShort ("$0.042", "$12.3k"), MillisShort ("412 ms", "1.23 s"),
//     Rate ("4,200") and Sig. Tick and Ticks print axis labels, all the
//     labels of one axis with the precision of its step ("$0.00 $0.50
//     $1.00", "$0 $5k $10k", "20%").
//
// Every formatter rounds by one rule: half away from zero on the digits
// of the value's shortest decimal form (roundAt), never on the binary
// value below or above them, and picks its case (cents or six decimals,
// ms or s, "3.2×" or "12×") by the value as that case rounds it. So
// 1.005 is "$1.01" in a USD column and "1.01" in a Fixed2 one, a share of
// 0.01005 is "1.01 %", and a negative value that rounds to zero prints
// unsigned.
//
// Thousands are grouped with commas. Chart labels print a negative value
// with a real minus sign (U+2212); text keeps the ASCII hyphen.
package format
