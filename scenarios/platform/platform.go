package platform

import (
	"image/color"
	"io"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Platform is everything one execution platform contributes.
type Platform interface {
	// Name is the platform's key everywhere: its scenario section, its
	// --model value, its object in summary.json and its rows in series.csv.
	Name() string
	// Look is how the platform is named and drawn.
	Look() Look

	// NewSection returns a pointer to a new, empty value of the type the
	// scenario's `<name>:` section decodes into (yaml tags name its keys).
	NewSection() any
	// NewOverride returns a pointer to a new value of the type of a
	// service's `services[].<name>:` overrides, or nil when services cannot
	// override the platform's settings.
	NewOverride() any
	// Compile turns the decoded section and the services' overrides into
	// the platform's part of the plan. It fills every default, converts
	// units and reports every problem into in.Problems, with paths as the
	// scenario file spells them.
	Compile(in CompileInput) Config

	// NewExtra returns a pointer to a new, empty value of the type
	// Usage.Extra returns, for reading summary.json back.
	NewExtra() Extra
	// Findings are the platform's own sentences in a report (its cold
	// starts, …) and a clause on its capacity ("Kubernetes peaked at 12
	// ready pods on 3 nodes"), joined with the other platforms' clauses.
	Findings(e *Entry, arrivals int64) (sentences []string, capacity string)
	// SweepColumns are the fields of its summary entry (without the
	// platform prefix) that the sweep's text table shows.
	SweepColumns() []string
}

// CompileInput is what Compile works from.
type CompileInput struct {
	// Section is the decoded `<name>:` section (a pointer from NewSection).
	Section any
	// Services are the scenario's services, in order.
	Services []Service
	// Problems collects every problem found.
	Problems *models.Problems
	// SLO is the scenario's service-level objective (slo:, with defaults).
	SLO SLO
	// Duration is the run's length (0: not known, as for a section
	// compiled on its own), for settings that only act within it.
	Duration time.Duration
	// Warmup is the scenario's warmup: (0: none), for warnings that
	// suggest it.
	Warmup time.Duration
	// Peers are the platforms compiled before this one (earlier in the
	// registry and present in the scenario), for a Composite.
	Peers []Peer
}

// Service is one service of the scenario as a platform compiles it.
type Service struct {
	Name string
	// Path is where it is written: "workload" or "services[2]".
	Path string
	// Override is its decoded `services[].<name>:` (from NewOverride), or
	// nil when the service has none.
	Override any
	// Work is the service's arrivals and work.
	Work workload.Service
	// Pin is the platform the service is placed on in a blend, whatever
	// the costs ("" lets the blend choose).
	Pin string
	// Needs are what the service asks of any platform (from a trace's
	// memory file, say); a platform sizes the service by them where the
	// service's override and the section leave its own setting unset.
	Needs Needs
	// SLO is the service's own objective (services[].slo:), nil when it
	// has none: a placement judges it by that one.
	SLO *SLO
}

// Needs are a service's platform-neutral resource needs; zero means unknown.
type Needs struct {
	// MemoryMB is the memory the service uses on average, and PeakMemoryMB
	// its high percentile (a Lambda memory size or a pod's limit).
	MemoryMB, PeakMemoryMB float64
	// Group is the application the service belongs to: platforms that can
	// run several services in one unit (a Deployment per Azure app) group
	// by it when told to.
	Group string
}

// Config is one platform's compiled part of a plan.
type Config interface {
	// Describe is the platform's part of `execsim validate`: every setting
	// with its default filled in.
	Describe() *yaml.Node
	// Build makes the platform's model for one run on k, reporting to rec.
	Build(k *sim.Kernel, rec models.Recorder) (Model, error)
}

// Pricer is implemented by a Config that adds prices to the catalogue
// before the scenario's own cost.prices overrides are applied (custom
// instance types price themselves, for example).
type Pricer interface {
	AddPrices(prices *cost.Prices, problems *models.Problems)
}

// PriceUser is implemented by a Config whose model decides by price
// (Karpenter launches the cheapest instance type that fits): it is given
// the prices the bill will use, the scenario's cost.prices overrides and
// region applied, once they are final.
type PriceUser interface {
	UsePrices(prices *cost.Prices)
}

// NodeTyper is implemented by a Config that bills EC2 instances: the
// instance types its node pools may launch, or all when one may launch any
// type of the catalogue (a Karpenter pool without a list). execsim
// validate --prices lists those types' prices, not the whole catalogue's.
type NodeTyper interface {
	NodeTypes() (names []string, all bool)
}

// Tuner is implemented by a Config that one setting of can be varied in
// an analysis (for example Lambda's memory size, the Power Tuning question).
type Tuner interface {
	// Tune returns a copy of the config with the tuned setting at value.
	Tune(value int) (Config, error)
}

// EachTuner is implemented by a Tuner whose setting each service has of
// its own (a function's memory size): TuneEach returns a copy of the
// config with service i's at values[i], so that a tuning can size each
// service by itself and run the sizes together.
type EachTuner interface {
	TuneEach(values []int) (Config, error)
}

// Tuning names a setting a Tuner varies, for the command line.
type Tuning struct {
	Flag    string // execsim tune's flag that lists values, e.g. "memory"
	Usage   string // its help text
	Setting string // what is varied, e.g. "memory"
	Unit    string // the values' unit, e.g. "MB"
	Note    string // why one would ask, e.g. "the Power Tuning question"
	// Every is the --set path that gives every unit the setting over its
	// own, as a tuning run does ("lambda.everyFunction.memoryMB"), and
	// Units what those units are ("function"); "" when there is none.
	Every, Units string
	// Each is the --set path, under a service written out
	// (services[i].<Each>), that gives that service its own setting
	// ("lambda.memoryMB"): a tuning's size per service as a run; "" when
	// there is none.
	Each string
}

// Warner is implemented by a Config with something to tell the user
// about how its settings combined: a section's default that no service
// takes because each has its own, say. The warnings join the plan's.
type Warner interface {
	Warnings() []string
}

// Assumer is implemented by a Config whose model rests on behaviour its
// provider does not document: sentences that say what is assumed, which
// every cost verdict states with its price basis (CostPlan.Assumptions).
type Assumer interface {
	Assumptions() []string
}

// Timeouter is implemented by a Config whose platform ends a request that
// runs longer than a timeout: the scenario field that sets it
// (lambda.timeout) and each service's timeout, in the plan's order, 0 for
// none. A trace's duration-unit warning compares with them.
type Timeouter interface {
	Timeouts() (field string, per []time.Duration)
}

// TuneOverrider is implemented by a Tuner whose Tune overrides a setting
// some services have of their own (a function's memory from a template):
// Overridden names those services, so that a tuning can say its values
// replace theirs.
type TuneOverrider interface {
	Overridden() []string
}

// Tunable is implemented by a Platform whose Config is a Tuner.
type Tunable interface {
	Tuning() Tuning
}

// Model is a platform's model built for one run.
type Model interface {
	sim.Handler
	models.Submitter
	// Finish is called once, after the run has ended, and returns what the
	// platform used.
	Finish(r Run) Usage
}

// Run is what a finished run tells a platform to account for its usage.
type Run struct {
	Duration time.Duration
	Services []workload.Service
	Cost     *CostPlan
	Rec      *metrics.Recorder
	End      sim.Time
}

// Usage is what a platform used in a run.
type Usage interface {
	// Cost prices the usage: the exact breakdown, and one weight per series
	// window by which the total is spread over the windows.
	Cost() (cost.Breakdown, []cost.Money, error)
	// Extra is the platform's own fields of its summary entry.
	Extra() Extra
	// Golden writes the platform's own golden lines, calling costLines
	// where its cost lines go among them.
	Golden(w io.Writer, costLines func())
}

// RunWarner is implemented by a Usage with something to tell about how
// its run went that the results alone would hide (pods that never found a
// node); run prints each as a warning.
type RunWarner interface {
	RunWarnings() []string
}

// Allocator is implemented by a Usage that splits its bill by service
// (DESIGN §10: per-service cost). It is optional: a platform without it
// reports its services' outcomes and latency but no cost per service.
type Allocator interface {
	// Allocate splits b, the breakdown Cost returned, into one amount per
	// service of the run (Run.Services, in order) and the shares no one
	// service owes, under their items ("idle", "eks control plane", …).
	// The amounts add up to b's total exactly (cost.Allocation.Check).
	Allocate(b cost.Breakdown) (cost.Allocation, error)
}

// Extra is a platform's own part of its summary entry (JSON v1 fields,
// written after the common ones).
type Extra interface {
	// Rows are its rows of the side-by-side table: label, value.
	Rows() [][2]string
	// Units is its per-service table for fleets (a title and rows, the
	// first one the header), or nil.
	Units() (title string, rows [][]string)
}

// FailureCauser is implemented by an Extra that can say why its platform
// failed requests in this run ("lost or timed out with the failure of
// zone us-east-1a at 0:10:00"); "" when it cannot.
type FailureCauser interface {
	FailureCause() string
}

// ThrottleCauser is implemented by an Extra that can say why its platform
// throttled requests in this run ("the account's 10,000 requests/s");
// "" when it cannot, and reports then put it down to a concurrency or
// scaling limit.
type ThrottleCauser interface {
	ThrottleCause() string
}

// RejectionCauser is implemented by an Extra that can say why its
// platform rejected requests in this run ("no pod was ready to take
// them"); "" when it cannot, and reports then put it down to full queues
// (DESIGN §7: rejected is refused by a full pod queue).
type RejectionCauser interface {
	RejectionCause() string
}

// Look is how a platform is named and drawn.
type Look struct {
	Label  string // display name in charts and tables: "AWS Lambda"
	Noun   string // in sentences: "Lambda"
	Abbrev string // in narrow table headers: "λ"
	// Line and Text are its colours in charts (Text, a darker shade, for
	// labels and table headings); Dash and Glyph tell it apart in grey.
	Line, Text color.RGBA
	Dash       plots.Dash
	Glyph      plots.Glyph
	// Capacity lists the gauges the capacity chart draws, in order, and
	// Demand the gauge drawn under them as requests in flight.
	Capacity []Level
	Demand   models.Gauge
	// Growth lists the gauges a finding names when capacity grew during an
	// episode, the most telling first.
	Growth []Level
	// Utilisation is the capacity that serves (worker slots,
	// environments): the Busy gauge over it is the platform's utilisation,
	// per window in series.csv. A zero Level (no name) means none.
	Utilisation Level
}

// Level is a gauge as a platform speaks of it.
type Level struct {
	Gauge models.Gauge
	Name  string // "ready pods", "environments", "nodes"
	Main  bool   // the level a capacity panel is about; false: a companion
}

// Chart is the platform's look as plots takes it.
func (l Look) Chart(name string) plots.Model {
	return plots.Model{Name: name, Label: l.Label, Line: l.Line, Text: l.Text, Dash: l.Dash, Glyph: l.Glyph}
}

// Basics is the constant part of a platform: embedding it implements Name,
// Look, NewSection, NewOverride, NewExtra and SweepColumns from data.
type Basics struct {
	Key         string
	Appearance  Look
	Section     func() any
	Override    func() any
	Extra       func() Extra
	SweepFields []string
}

func (b Basics) Name() string    { return b.Key }
func (b Basics) Look() Look      { return b.Appearance }
func (b Basics) NewSection() any { return b.Section() }
func (b Basics) NewOverride() any {
	if b.Override == nil {
		return nil
	}
	return b.Override()
}
func (b Basics) NewExtra() Extra        { return b.Extra() }
func (b Basics) SweepColumns() []string { return b.SweepFields }

// RGB is an opaque colour, for looks.
func RGB(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xFF} }
