package sim

import (
	"math"
	"time"
)

// Time is a point in virtual time: nanoseconds since the start of the run.
// Durations between two Times are ordinary time.Durations, so "250ms" in a
// scenario file and the kernel's arithmetic share one exact unit.
type Time int64

// Never is later than any event a run schedules.
const Never Time = math.MaxInt64

// Add returns t+d.
func (t Time) Add(d time.Duration) Time { return t + Time(d) }

// Sub returns the duration t-u.
func (t Time) Sub(u Time) time.Duration { return time.Duration(t - u) }

// Seconds returns t in seconds since the start of the run.
func (t Time) Seconds() float64 { return float64(t) / 1e9 }

// String prints t as the duration since the start of the run ("1m30s").
func (t Time) String() string { return time.Duration(t).String() }

// At converts a duration since the start of the run into a Time.
func At(d time.Duration) Time { return Time(d) }
