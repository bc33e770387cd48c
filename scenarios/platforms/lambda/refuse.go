package lambda

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
)

// refusing is the region of a run in which some services' requests are
// larger than their functions take behind the front door
// (Config.refused). AWS refuses such an invocation before any function
// runs: Invoke answers RequestTooLargeException, HTTP 413 ("The request
// payload exceeded the Invoke request body JSON input quota", Lambda API
// reference, Errors), and an ALB does not forward a body over the 1 MB a
// Lambda target takes (Elastic Load Balancing, "Lambda functions as
// targets", Limits). So each such request ends at once as failed, with no
// latency of its own, counted for its service; the model never sees it,
// so it starts no environment and bills neither a request nor duration
// (Lambda bills invocations of the function, which this never becomes).
//
// Only such a run is wrapped (Config.Build), so the per-request check
// costs nothing in every other run.
type refusing struct {
	*region
	rec   models.Recorder
	count []int64 // refused requests per function
}

// Submit implements models.Submitter: a request of a refused service ends
// failed; every other goes to the model.
func (r *refusing) Submit(k *sim.Kernel, req models.Request) {
	if req.Service >= 0 && req.Service < len(r.count) && r.cfg.refused[req.Service] {
		r.count[req.Service]++
		r.rec.Finish(k.Now(), &req, models.Failed, 0)
		return
	}
	r.region.Submit(k, req)
}

// Finish implements platform.Model: the region's usage, with the requests
// refused.
func (r *refusing) Finish(run platform.Run) platform.Usage {
	u := r.region.Finish(run).(*usage)
	u.refused = r.count
	return u
}

// payloadCause names the services Lambda refused for their payload, which
// fail in full and so decide whether its run meets the SLO ("refuses
// upload's requests: 7.2 MB over its 6 MB payload limit behind alb"); ""
// when none was.
func (x *Extra) payloadCause() string {
	if len(x.PayloadRefused) == 0 {
		return ""
	}
	largest := x.PayloadRefused[0]
	var names []string
	for _, r := range x.PayloadRefused {
		names = append(names, r.Service)
		if r.PayloadKB > largest.PayloadKB {
			largest = r
		}
	}
	whose := names[0] + "'s requests"
	upTo := ""
	if len(names) > 1 {
		shown := names[:min(3, len(names))]
		if len(names) > len(shown) {
			shown = append(shown, fmt.Sprintf("%d more", len(names)-len(shown)))
		}
		whose = "the requests of " + format.And(shown)
		upTo = "up to "
	}
	size, limit := format.MegabytesApart(largest.PayloadKB, largest.LimitKB)
	return fmt.Sprintf("Lambda refuses %s: %s%s over its %s payload limit behind %s", whose, upTo, size, limit, largest.FrontDoor)
}

// refusedRequests is the requests refused for their payload.
func (x *Extra) refusedRequests() int64 {
	var n int64
	for _, r := range x.PayloadRefused {
		n += r.Requests
	}
	return n
}
