package simtest

import (
	"fmt"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// ServiceLog is a models.Recorder that writes down, as text and in order,
// every report about one service's requests (gauges, which are the whole
// model's, are ignored). Requests are named by arrival time, not ID: IDs
// number every service's requests. Two runs treated the service alike if
// their logs are equal (FirstDiff), the check that one service's results
// do not depend on another's traffic.
type ServiceLog struct {
	Discard
	Service int
	Lines   []string
}

func (l *ServiceLog) Arrive(now sim.Time, req *models.Request) {
	if req.Service == l.Service {
		l.Lines = append(l.Lines, fmt.Sprintf("%d arrive %v", now, req.Work))
	}
}

func (l *ServiceLog) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	if req.Service == l.Service {
		l.Lines = append(l.Lines, fmt.Sprintf("%d finish of %d: %v %v cold=%v", now, req.Arrival, o, latency, req.Cold))
	}
}

func (l *ServiceLog) ColdStart(now sim.Time, req *models.Request) {
	if req.Service == l.Service {
		l.Lines = append(l.Lines, fmt.Sprintf("%d cold start of %d", now, req.Arrival))
	}
}

// FirstDiff compares two logs: "" when equal, else where they first
// differ and both lines there.
func FirstDiff(x, y []string) string {
	n := min(len(x), len(y))
	i := 0
	for i < n && x[i] == y[i] {
		i++
	}
	if i == n && len(x) == len(y) {
		return ""
	}
	at := func(s []string) string {
		if i < len(s) {
			return s[i]
		}
		return "(none)"
	}
	return fmt.Sprintf("first at line %d:\n  %s\n  %s", i, at(x), at(y))
}
