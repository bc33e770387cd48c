// Package breakeven answers "at what request rate does one platform stop
// being cheaper than another?": it scales a plan's workload to a ladder of
// average rates (keeping its shape), runs every platform at each, judges
// each against the plan's SLO, brackets each sign change of the
// monthly-cost gap between two platforms and refines it (by bisection, or
// by certified secant steps that hand a bracket to bisection where its
// cost gap is no near-linear one: a jump). A crossing is a break-even only
// where both platforms meet the SLO on both sides; its cost is read from
// the runs at the ends of its final bracket, and a sign change that one
// platform's cost makes by jumping past the other's (a blend moving a
// service) is reported as a jump, never as a break-even. A rate at which
// no request arrived is not judged: it neither meets nor misses the SLO,
// and makes no crossing compliant. Stretches of the curve say who is
// cheaper where, and whether only by missing the SLO.
//
// It also varies one tunable setting of a platform (Lambda's memory size:
// the Power Tuning question) and picks the cheapest, the fastest and a
// balanced value (Choose).
package breakeven
