package lambda

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
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
	rec    models.Recorder
	warmup sim.Time // the recorder's warm-up (platform.WarmupOf)
	// count is the refused requests per function over the whole run, as
	// the front door bills them; counted those that arrived after the
	// warm-up, as the recorder counts outcomes (review6: the findings said
	// 240 refused where the table, after a warm-up, said 120).
	count, counted []int64
}

// Submit implements models.Submitter: a request of a refused service ends
// failed; every other goes to the model.
func (r *refusing) Submit(k *sim.Kernel, req models.Request) {
	if req.Service >= 0 && req.Service < len(r.count) && r.cfg.refused[req.Service] {
		r.count[req.Service]++
		if req.Arrival >= r.warmup {
			r.counted[req.Service]++
		}
		r.rec.Finish(k.Now(), &req, models.Failed, 0)
		return
	}
	r.region.Submit(k, req)
}

// Finish implements platform.Model: the region's usage, with the requests
// refused.
func (r *refusing) Finish(run platform.Run) platform.Usage {
	u := r.region.Finish(run).(*usage)
	u.refused, u.refusedCounted = r.count, r.counted
	return u
}

// payloadCause names the services Lambda refused for their payload, which
// fail in full and so decide whether its run meets the SLO ("refuses
// upload's requests: 7.2 MB over its 6 MB payload limit behind alb"); ""
// when none was.
func (x *Extra) payloadCause() string {
	var largest PayloadRefusal
	var names []string
	for _, r := range x.PayloadRefused {
		if r.Requests == 0 {
			continue
		}
		names = append(names, r.Service)
		if len(names) == 1 || r.PayloadKB > largest.PayloadKB {
			largest = r
		}
	}
	if len(names) == 0 {
		return ""
	}
	whose := names[0] + "'s requests"
	upTo := ""
	if len(names) > 1 {
		whose = "the requests of " + format.FirstNames(names, 3)
		upTo = "up to "
	}
	if gw := largest.FrontDoor == cost.FrontDoorREST.String() || largest.FrontDoor == cost.FrontDoorHTTPAPI.String(); gw && largest.PayloadKB > apiGatewayMaxPayloadKB {
		// the gateway refuses it itself, before any invocation (review6:
		// 12 MB behind http-api was said to be Lambda's refusal); the
		// bill already leaves such requests out (gatewayRefused)
		size, limit := format.MegabytesApart(largest.PayloadKB, apiGatewayMaxPayloadKB)
		return fmt.Sprintf("API Gateway (%s) refuses %s: %s%s over its %s payload limit", largest.FrontDoor, whose, upTo, size, limit)
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
