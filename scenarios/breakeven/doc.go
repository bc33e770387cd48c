// Package breakeven answers "at what request rate does one platform stop
// being cheaper than another?": it scales a plan's workload to a ladder of
// average rates (keeping its shape), runs every platform at each, brackets
// each sign change of the monthly-cost gap between two platforms and
// refines it by bisection. It also varies one tunable setting of a platform
// at one rate (Lambda's memory size: the Power Tuning question).
package breakeven
