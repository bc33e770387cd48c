package platformtest

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Name is the pool's key: its pool: section, --model pool, "pool" in
// summary.json.
const Name = "pool"

// Pool is the test platform.
type Pool struct{}

// Section is the pool: section.
type Section struct {
	// Servers serve one request at a time each [2].
	Servers *int `yaml:"servers"`
	// Queue bounds the requests waiting for a server; a full queue rejects
	// [unbounded].
	Queue *int `yaml:"queue"`
	// ServerHourUSD is the price of a server for an hour [0.10].
	ServerHourUSD *float64 `yaml:"serverHourUSD"`
}

// Config is the compiled pool: section.
type Config struct {
	Servers       int
	Queue         int // -1: unbounded
	ServerHourUSD float64
}

// Name implements platform.Platform.
func (Pool) Name() string { return Name }

// Look implements platform.Platform: bluish green, dash-dot, triangles.
func (Pool) Look() platform.Look {
	servers := platform.Level{Gauge: models.Environments, Name: "servers", Main: true}
	return platform.Look{
		Label: "Server pool", Noun: "Pool", Abbrev: "pool",
		Line: color.RGBA{0x00, 0x9E, 0x73, 0xFF}, Text: color.RGBA{0x00, 0x6B, 0x4E, 0xFF},
		Dash: plots.DashDot, Glyph: plots.Pyramid,
		Capacity: []platform.Level{servers}, Demand: models.Concurrency, Growth: []platform.Level{servers},
		Utilisation: servers,
	}
}

// NewSection implements platform.Platform.
func (Pool) NewSection() any { return &Section{} }

// NewOverride implements platform.Platform: services share the pool and
// have no settings of their own.
func (Pool) NewOverride() any { return nil }

// NewExtra implements platform.Platform.
func (Pool) NewExtra() platform.Extra { return &Extra{} }

// Compile implements platform.Platform.
func (Pool) Compile(in platform.CompileInput) platform.Config {
	s := in.Section.(*Section)
	c := &Config{Servers: 2, Queue: -1, ServerHourUSD: 0.10}
	platform.Set(&c.Servers, s.Servers)
	platform.Set(&c.Queue, s.Queue)
	platform.Set(&c.ServerHourUSD, s.ServerHourUSD)
	if c.Servers < 1 {
		in.Problems.Add(Name+".servers", c.Servers, models.ErrRange, "must be at least 1")
	}
	if c.Queue < -1 {
		in.Problems.Add(Name+".queue", c.Queue, models.ErrRange, "must be -1 (unbounded) or more")
	}
	if !(c.ServerHourUSD >= 0) {
		in.Problems.Add(Name+".serverHourUSD", c.ServerHourUSD, models.ErrRange, "must not be negative")
	}
	return c
}

// Describe implements platform.Config.
func (c *Config) Describe() *yaml.Node {
	m := platform.Mapping()
	platform.Put(m, "servers", fmt.Sprint(c.Servers))
	platform.Put(m, "queue", fmt.Sprint(c.Queue))
	platform.Put(m, "serverHourUSD", fmt.Sprint(c.ServerHourUSD))
	return m
}

// Findings implements platform.Platform.
func (Pool) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return nil, ""
	}
	return nil, fmt.Sprintf("Pool kept %d servers (at most %d requests queued)", x.Servers, x.PeakQueue)
}

// SweepColumns implements platform.Platform.
func (Pool) SweepColumns() []string {
	return []string{"latency_ms.p99", "rejected", "cost.monthly_usd"}
}

// Build implements platform.Config.
func (c *Config) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	m := &model{cfg: c, rec: rec}
	rec.Gauge(k.Now(), models.Environments, float64(c.Servers))
	rec.Gauge(k.Now(), models.Busy, 0)
	rec.Gauge(k.Now(), models.Concurrency, 0)
	return m, nil
}

// model serves requests first come, first served.
type model struct {
	cfg   *Config
	rec   models.Recorder
	busy  int
	queue []models.Request // FIFO; the head is queue[head]
	head  int
	// serving holds the requests in service by slot; free lists idle slots.
	serving []models.Request
	free    []int64
	// busyNs is the service time of each service's completed requests.
	busyNs []int64
}

const kindDone sim.Kind = 1

// Submit implements models.Submitter.
func (m *model) Submit(k *sim.Kernel, req models.Request) {
	if m.busy < m.cfg.Servers {
		m.start(k, req)
		return
	}
	if m.cfg.Queue >= 0 && len(m.queue)-m.head >= m.cfg.Queue {
		m.rec.Finish(k.Now(), &req, models.Rejected, 0)
		return
	}
	m.queue = append(m.queue, req)
	m.inFlight(k)
}

// inFlight reports the requests in the pool: served and queued.
func (m *model) inFlight(k *sim.Kernel) {
	m.rec.Gauge(k.Now(), models.Concurrency, float64(m.busy+len(m.queue)-m.head))
	m.rec.Gauge(k.Now(), models.Queued, float64(len(m.queue)-m.head))
}

func (m *model) start(k *sim.Kernel, req models.Request) {
	m.busy++
	m.rec.Gauge(k.Now(), models.Busy, float64(m.busy))
	m.inFlight(k)
	var slot int64
	if n := len(m.free); n > 0 {
		slot, m.free = m.free[n-1], m.free[:n-1]
		m.serving[slot] = req
	} else {
		slot = int64(len(m.serving))
		m.serving = append(m.serving, req)
	}
	k.Schedule(sim.Event{At: k.Now().Add(req.Work.ServiceTime(1)), Kind: kindDone, ID: slot, To: m})
}

// Handle implements sim.Handler: a request is done; the next one starts.
func (m *model) Handle(k *sim.Kernel, ev sim.Event) {
	req := m.serving[ev.ID]
	m.free = append(m.free, ev.ID)
	m.busy--
	m.rec.Gauge(k.Now(), models.Busy, float64(m.busy))
	m.rec.Finish(k.Now(), &req, models.Completed, k.Now().Sub(req.Arrival))
	for len(m.busyNs) <= req.Service {
		m.busyNs = append(m.busyNs, 0)
	}
	m.busyNs[req.Service] += int64(req.Work.ServiceTime(1))
	if m.head < len(m.queue) {
		next := m.queue[m.head]
		m.head++
		if m.head == len(m.queue) {
			m.queue, m.head = m.queue[:0], 0
		}
		m.start(k, next)
		return
	}
	m.inFlight(k)
}

// Finish implements platform.Model.
func (m *model) Finish(r platform.Run) platform.Usage {
	return &usage{run: r, cfg: m.cfg, peakQueue: int(r.Rec.GaugePeak(models.Queued)), busyNs: m.busyNs}
}

type usage struct {
	run       platform.Run
	cfg       *Config
	peakQueue int
	busyNs    []int64
}

// Cost implements platform.Usage: every server for the whole run.
func (u *usage) Cost() (cost.Breakdown, []cost.Money, error) {
	hours := float64(u.cfg.Servers) * u.run.Duration.Hours()
	line := cost.Line{Item: "pool servers", Quantity: hours, Unit: "server-h", UnitPriceUSD: u.cfg.ServerHourUSD,
		Amount: cost.Money(math.Round(hours * u.cfg.ServerHourUSD * 1e6))}
	var weights []cost.Money
	for _, w := range u.run.Rec.Windows() {
		weights = append(weights, cost.Money(math.Round((w.End-w.Start).Hours()*1e6)))
	}
	return cost.Breakdown{Lines: []cost.Line{line}}, weights, nil
}

// Allocate implements platform.Allocator: each service owes the server time
// its completed requests took; the rest of the servers' time is idle.
func (u *usage) Allocate(b cost.Breakdown) (cost.Allocation, error) {
	a := cost.Allocation{Parts: make([]cost.Money, len(u.run.Services))}
	capacity := float64(u.cfg.Servers) * float64(u.run.Duration)
	for _, l := range b.Lines {
		var given cost.Money
		for i, ns := range u.busyNs {
			if capacity > 0 && i < len(a.Parts) {
				part := cost.Money(math.Floor(float64(l.Amount) * float64(ns) / capacity))
				a.Parts[i] += part
				given += part
			}
		}
		a.Shared = append(a.Shared, cost.Share{Item: "idle", Amount: l.Amount - given})
	}
	return a, nil
}

// Extra is the pool's own summary fields.
type Extra struct {
	Servers   int `json:"servers"`
	PeakQueue int `json:"peak_queue"`
}

// Extra implements platform.Usage.
func (u *usage) Extra() platform.Extra { return &Extra{Servers: u.cfg.Servers, PeakQueue: u.peakQueue} }

// Golden implements platform.Usage.
func (u *usage) Golden(w io.Writer, costLines func()) {
	fmt.Fprintf(w, "servers %d peak_queue %d\n", u.cfg.Servers, u.peakQueue)
	costLines()
}

// Rows implements platform.Extra.
func (x *Extra) Rows() [][2]string {
	return [][2]string{{"servers", fmt.Sprint(x.Servers)}, {"peak queue", fmt.Sprint(x.PeakQueue)}}
}

// Units implements platform.Extra: no per-service table.
func (x *Extra) Units() (string, [][]string) { return "", nil }
