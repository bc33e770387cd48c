package kubernetes

import (
	"slices"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// ChangeKind names an entry of the cluster's history.
type ChangeKind uint8

const (
	Rescale    ChangeKind = iota // an HPA changed spec.replicas (From → To)
	NodeLaunch                   // a node was launched (To = node count of its pool)
	NodeReady                    // a launched node registered Ready
	NodeDrain                    // a node was cordoned and drained
	NodeRemove                   // a node was deleted
	NodeLost                     // a node vanished with its zone
	PodsLost                     // a failed zone's pods were declared lost (To = how many)
)

var changeKinds = models.Enum[ChangeKind]{Names: []string{"rescale", "node-launch", "node-ready", "node-drain", "node-remove", "node-lost", "pods-lost"}}

func (c ChangeKind) String() string { return changeKinds.String(c) }

// Change is one entry of the cluster's history: rescales and node events.
type Change struct {
	At         sim.Time
	Kind       ChangeKind
	Deployment int    // for Rescale and PodsLost, else −1
	Node       string // for node events
	Detail     string // instance type and zone, or the HPA's reason
	From, To   int
}

// History is the list of rescales and node events so far, in time order.
func (c *Cluster) History() []Change { return slices.Clone(c.history) }

// note appends ch to the history, stamped with the current time.
func (c *Cluster) note(ch Change) {
	ch.At = c.k.Now()
	c.history = append(c.history, ch)
}
