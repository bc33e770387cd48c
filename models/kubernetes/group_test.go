package kubernetes

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// Four services in two Deployments (ServiceDeployment): each request is
// served by its group's pods, the Deployments count their services'
// requests together, and what is kept per service (the recorder's
// outcomes, the model's arrivals and busy time) stays per service.
func TestServicesShareDeployments(t *testing.T) {
	cfg := DefaultConfig()
	a, b := DefaultDeployment("app-a"), DefaultDeployment("app-b")
	instant(&a)
	instant(&b)
	cfg.Deployments = []Deployment{a, b}
	cfg.ServiceDeployment = []int{0, 1, 0, 1}
	src := &simtest.List{}
	perService := []int{3, 5, 7, 11}
	for svc, n := range perService {
		for i := range n {
			src.Add(1, time.Duration(svc*100+i*10)*time.Millisecond, svc, models.Work{IO: time.Duration(svc+1) * 100 * time.Millisecond})
		}
	}
	var served [2]int
	r := simulate(t, cfg, src, time.Minute, 1)
	u := r.c.Usage()
	if len(u.Deployments) != 2 {
		t.Fatalf("%d deployments; want 2", len(u.Deployments))
	}
	for di, want := range []int64{3 + 7, 5 + 11} {
		if d := u.Deployments[di]; d.Arrivals != want || d.Completed != want {
			t.Errorf("deployment %s: arrivals %d completed %d; want %d", d.Name, d.Arrivals, d.Completed, want)
		}
	}
	// every pod that answered belongs to its group's Deployment
	for pi := range int32(r.c.pods.Len()) {
		p := r.c.pods.At(pi)
		served[p.dep] += int(p.answered)
	}
	if served != [2]int{10, 16} {
		t.Errorf("answered by the pods of each deployment %v; want [10 16]", served)
	}
	svcs := r.rec.Services()
	for svc, n := range perService {
		if got := svcs[svc].Outcomes[models.Completed]; got != int64(n) {
			t.Errorf("service %d: recorder completed %d; want %d", svc, got, n)
		}
		su := u.Services[svc]
		if su.Arrivals != int64(n) {
			t.Errorf("service %d: model arrivals %d; want %d", svc, su.Arrivals, n)
		}
		if want := time.Duration(n*(svc+1)) * 100 * time.Millisecond; su.Busy != want {
			t.Errorf("service %d: busy %v; want %v", svc, su.Busy, want)
		}
	}
}

// A service mapped to a Deployment that does not exist is refused.
func TestServiceDeploymentValidate(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Deployments = []Deployment{DefaultDeployment("a")}
	cfg.ServiceDeployment = []int{0, 1}
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "serviceDeployment[1]: must name one of the 1 deployments (0 to 0) (got 1)") {
		t.Errorf("Validate() = %v; want serviceDeployment[1] refused", err)
	}
}
