package lambda

import "testing"

// The cause the verdict quotes names the services Lambda refused and the
// largest payload against its limit, with enough digits to tell them apart.
func TestFailureCause(t *testing.T) {
	up := PayloadRefusal{Service: "upload", Requests: 3, PayloadKB: 7373, LimitKB: 6144, FrontDoor: "http-api"}
	for _, tc := range []struct {
		name string
		x    Extra
		want string
	}{
		{"none", Extra{}, ""},
		{"one", Extra{PayloadRefused: []PayloadRefusal{up}}, "Lambda refuses upload's requests: 7.2 MB over its 6 MB payload limit behind http-api"},
		{"just over", Extra{PayloadRefused: []PayloadRefusal{{Service: "a", Requests: 1, PayloadKB: 6145, LimitKB: 6144, FrontDoor: "none"}}},
			"Lambda refuses a's requests: 6.001 MB over its 6 MB payload limit behind none"},
		{"several, the largest named", Extra{PayloadRefused: []PayloadRefusal{
			{Service: "a", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}, up,
			{Service: "c", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}, {Service: "d", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}}},
			"Lambda refuses the requests of a, upload, c and d: up to 7.2 MB over its 6 MB payload limit behind http-api"},
		// a fourth is named, a fifth counted (format.FirstNames)
		{"five", Extra{PayloadRefused: []PayloadRefusal{
			{Service: "a", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}, up,
			{Service: "c", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}, {Service: "d", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"},
			{Service: "e", Requests: 1, PayloadKB: 2048, LimitKB: 1024, FrontDoor: "alb"}}},
			"Lambda refuses the requests of a, upload, c and 2 more: up to 7.2 MB over its 6 MB payload limit behind http-api"},
		// a blend's part is sent none of a service placed elsewhere: no
		// cause (review6)
		{"none sent", Extra{PayloadRefused: []PayloadRefusal{{Service: "upload", PayloadKB: 7373, LimitKB: 6144, FrontDoor: "alb"}}}, ""},
		// over API Gateway's own 10 MB, the gateway refuses it (review6)
		{"over the gateway's quota", Extra{PayloadRefused: []PayloadRefusal{{Service: "big", Requests: 2, PayloadKB: 12000, LimitKB: 6144, FrontDoor: "http-api"}}},
			"API Gateway (http-api) refuses big's requests: 12 MB over its 10 MB payload limit"},
		{"with the gateway's 504", Extra{PayloadRefused: []PayloadRefusal{up}, GatewayTimeoutS: 29},
			"Lambda refuses upload's requests: 7.2 MB over its 6 MB payload limit behind http-api; API Gateway's 504 after its 29s integration timeout, or a function's own timeout"},
	} {
		if got := tc.x.FailureCause(); got != tc.want {
			t.Errorf("%s: %q; want %q", tc.name, got, tc.want)
		}
	}
}
