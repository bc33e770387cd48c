package kubernetes

import (
	"reflect"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
)

// Mode is how the services map to Deployments (kubernetes.deployments).
type Mode uint8

const (
	// PerService runs one Deployment per service.
	PerService Mode = iota
	// PerApp runs one Deployment per application (a service's
	// platform.Needs.Group: an Azure Functions HashApp), as Azure
	// allocates and warms an app's functions together (FORMATS.md §3.1);
	// services without an application keep a Deployment of their own.
	PerApp
)

var modes = models.Enum[Mode]{What: "deployments mode", Names: []string{"per-service", "per-app"}}

func (m Mode) String() string { return modes.String(m) }

// ParseMode parses per-service | per-app.
func ParseMode(s string) (Mode, error) { return modes.Parse(s) }

// groupDeployments turns one compiled Deployment per service (deps) into
// one per application: the first service's Deployment (the section and
// that service's override) named after the application, its memory
// request the sum of its services' average memory unless a setting gives
// it. Every service of an application must have the same override.
// It returns the Deployments, the service → Deployment map and, per
// Deployment, whether its memory request comes from the services' needs.
func groupDeployments(p *models.Problems, in platform.CompileInput, s *Section, deps []model.Deployment) ([]model.Deployment, []int, []bool) {
	var out []model.Deployment
	var sized []bool
	of := make([]int, len(in.Services))
	first := map[string]int{} // application → the index of its first service
	memMB := []float64{}      // per Deployment, Σ its services' Needs.MemoryMB
	for i, svc := range in.Services {
		g := svc.Needs.Group
		if j, ok := first[g]; ok && g != "" {
			of[i] = of[j]
			memMB[of[i]] += svc.Needs.MemoryMB
			if !sameOverride(svc.Override, in.Services[j].Override) {
				p.Add(svc.Path+"."+Name, nil, models.ErrInvalid,
					"differs from %s.%s, which shares the Deployment of application %s (deployments: per-app runs one Deployment per application: give its services the same %s settings, or use deployments: per-service)",
					in.Services[j].Path, Name, g, Name)
			}
			continue
		}
		d := deps[i]
		if g != "" {
			first[g] = i
			d.Name = g
		}
		of[i] = len(out)
		out = append(out, d)
		memMB = append(memMB, svc.Needs.MemoryMB)
		o, _ := svc.Override.(*Deployment)
		sized = append(sized, s.MemoryRequestMiB == nil && (o == nil || o.MemoryRequestMiB == nil))
	}
	for di := range out {
		if sized[di] = sized[di] && memMB[di] > 0; sized[di] {
			out[di].MemoryRequestMiB = MemoryRequestFor(memMB[di])
		}
	}
	return out, of, sized
}

// sameOverride reports whether two services' kubernetes overrides set the
// same fields to the same values (none and an empty one are the same).
func sameOverride(a, b any) bool {
	da, _ := a.(*Deployment)
	db, _ := b.(*Deployment)
	if da == nil {
		da = &Deployment{}
	}
	if db == nil {
		db = &Deployment{}
	}
	return reflect.DeepEqual(da, db)
}

// splitByService shares each Deployment's part of the bill among the
// services it serves in proportion to their requests' busy time (the
// time they held a worker slot, model.ServiceUsage.Busy): the way Azure
// Functions itself bills an application's functions, by the execution
// time of each (× the app's memory, which they share). A Deployment
// whose services were never busy is shared evenly among the services it
// serves (in a blend, those placed on Kubernetes).
func (us *usage) splitByService(a cost.Allocation) (cost.Allocation, error) {
	c := &us.cfg.Config
	weights := make([]int64, c.Services())
	busy := make([]int64, len(c.Deployments))
	for i, su := range us.u.Services {
		weights[i] = int64(su.Busy)
		busy[c.DeploymentOf(i)] += weights[i]
	}
	for i := range weights {
		if busy[c.DeploymentOf(i)] == 0 && us.cfg.serves(i) {
			weights[i] = 1
		}
	}
	return a.SplitParts(c.ServiceDeployment, weights)
}

// serves reports whether the cluster serves service i (all of them but in
// a blend's part).
func (c *Config) serves(i int) bool { return c.served == nil || c.served[i] }
