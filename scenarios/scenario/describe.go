package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
)

// DescribeListMax is how many entries of one list (services, a
// platform's deployments or functions, …) Describe prints; the rest are
// counted in a last entry. 100,000 services, the fleet's allowed maximum,
// described in full took 5.7 GB and crashed validate (hostile #5); a
// hundred entries show every kind of entry a generated or traced fleet has.
const DescribeListMax = 100

// Describe prints the compiled plan as YAML with every default filled in,
// so a user sees exactly what will run, with each list cut at
// DescribeListMax entries (DescribeAll prints every one).
func (p *Plan) Describe() string { return p.describe(DescribeListMax) }

// DescribeAll is Describe with every entry of every list, for
// execsim validate --all: its size grows with the fleet (about 800 bytes
// a service for each platform).
func (p *Plan) DescribeAll() string { return p.describe(0) }

// describe is Describe with lists cut at most entries (0: none cut).
func (p *Plan) describe(most int) string {
	root := platform.Mapping()
	platform.Put(root, "name", p.Name)
	if p.Description != "" {
		platform.Put(root, "description", p.Description)
	}
	platform.Put(root, "seed", fmt.Sprint(p.Seed))
	platform.Put(root, "duration", p.Duration.String())
	platform.Put(root, "window", p.Window.String())
	platform.Put(root, "warmup", p.Warmup.String())
	slo := platform.Mapping()
	slo.Style = yaml.FlowStyle
	platform.Put(slo, p.SLO.Percentile(), p.SLO.Target.String())
	platform.Put(slo, "refused", fmt.Sprint(p.SLO.Refused))
	platform.PutNode(root, "slo", slo)
	svcs := &yaml.Node{Kind: yaml.SequenceNode}
	for i, s := range p.Workload.Services {
		if most > 0 && i == most {
			svcs.Content = append(svcs.Content, platform.Omitted(len(p.Workload.Services)-most, "services"))
			break
		}
		m := platform.Mapping()
		platform.Put(m, "name", s.Name)
		if file, ok := p.replayed[s.Name]; ok {
			platform.PutNode(m, "arrivals", describeReplayed(s.Arrivals, file, p.Duration))
		} else {
			platform.PutNode(m, "arrivals", describeArrivals(s.Arrivals))
		}
		w := platform.Mapping()
		if s.Duration != nil || s.Arrivals.Process == workload.Replay {
			if s.Duration != nil {
				platform.Put(w, "duration", platform.DistString(s.Duration))
			}
			platform.Put(w, "cpuFraction", fmt.Sprint(s.CPUFraction))
		}
		if s.Duration == nil {
			platform.Put(w, "cpu", platform.DistString(s.CPU))
			platform.Put(w, "io", platform.DistString(s.IO))
		}
		platform.Put(w, "payloadKB", fmt.Sprint(s.PayloadKB))
		platform.PutNode(m, "work", w)
		if own := ownSLO(p.ServiceSLOs, i); own != nil {
			// the service's own, filled from the scenario's: what judges it
			o := platform.Mapping()
			o.Style = yaml.FlowStyle
			platform.Put(o, own.Percentile(), own.Target.String())
			platform.Put(o, "refused", fmt.Sprint(own.Refused))
			platform.PutNode(m, "slo", o)
		}
		svcs.Content = append(svcs.Content, m)
	}
	platform.PutNode(root, "services", svcs)
	for _, c := range p.Platforms {
		var sec *yaml.Node
		switch a, ok := c.Config.(platform.Abridger); {
		case most == 0:
			sec = c.Config.Describe()
		case ok:
			sec = a.DescribeFirst(most)
		default:
			sec = c.Config.Describe()
			cutLists(sec, most)
		}
		platform.PutNode(root, platform.SectionKey(c.Platform), sec)
	}
	platform.PutNode(root, "cost", describeCost(&p.Cost))
	out, err := yaml.Marshal(root)
	if err != nil {
		panic("scenario: describing a plan: " + err.Error())
	}
	return string(out)
}

func describeArrivals(a workload.Arrivals) *yaml.Node {
	m := platform.Mapping()
	platform.Put(m, "process", a.Process.String())
	switch a.Process {
	case workload.Poisson, workload.Even:
		platform.Put(m, "ratePerSecond", fmt.Sprint(a.RatePerSecond))
	case workload.Profile:
		platform.Put(m, "spacing", a.Spacing.String())
		platform.Put(m, "interpolation", a.Interp.String())
		platform.Put(m, "repeat", a.Repeat.String())
		if a.Repeat == workload.Daily && a.Days != 0 {
			platform.Put(m, "days", describeDays(a.Days))
		}
		pts := &yaml.Node{Kind: yaml.SequenceNode}
		for _, pt := range a.Points {
			pm := platform.Mapping()
			pm.Style = yaml.FlowStyle
			platform.Put(pm, "at", pt.At.String())
			platform.Put(pm, "ratePerSecond", fmt.Sprint(pt.RatePerSecond))
			pts.Content = append(pts.Content, pm)
		}
		platform.PutNode(m, "profile", pts)
	case workload.Diurnal:
		platform.Put(m, "spacing", a.Spacing.String())
		platform.Put(m, "meanRatePerSecond", fmt.Sprint(a.MeanRatePerSecond))
		platform.Put(m, "amplitude", fmt.Sprint(a.Amplitude))
		// the period that runs: unset is a day (workload's sinusoid), and
		// a printed 0s would be refused when read back
		period := a.Period
		if period == 0 {
			period = 24 * time.Hour
		}
		platform.Put(m, "period", period.String())
		platform.Put(m, "peakAt", a.PeakAt.String())
	case workload.Spike:
		platform.Put(m, "spacing", a.Spacing.String())
		platform.Put(m, "ratePerSecond", fmt.Sprint(a.RatePerSecond))
		if a.Multiplier != 0 {
			platform.Put(m, "multiplier", fmt.Sprint(a.Multiplier))
		} else {
			platform.Put(m, "spikeRatePerSecond", fmt.Sprint(a.SpikeRatePerSecond))
		}
		platform.Put(m, "at", a.At.String())
		platform.Put(m, "for", a.For.String())
	case workload.Counts, workload.Replay:
		if a.Process == workload.Counts {
			platform.Put(m, "placement", a.Placement.String())
		}
		platform.Put(m, "bin", a.Bin.String())
		platform.Put(m, "bins", fmt.Sprint(len(a.Counts)))
		var n int64
		for _, c := range a.Counts {
			n += int64(c)
		}
		platform.Put(m, "arrivals", fmt.Sprint(n))
		platform.Put(m, "scale", fmt.Sprint(a.Scale))
	case workload.Bursts:
		platform.Put(m, "spacing", a.Spacing.String())
		platform.Put(m, "ratePerSecond", fmt.Sprint(a.RatePerSecond))
		platform.Put(m, "burstRatePerSecond", fmt.Sprint(a.BurstRatePerSecond))
		platform.Put(m, "every", a.Every.String())
		platform.Put(m, "for", a.For.String())
		platform.Put(m, "burstSeed", fmt.Sprint(a.BurstSeed))
	}
	if h := a.Hours; h != nil {
		hm := platform.Mapping()
		hm.Style = yaml.FlowStyle
		platform.Put(hm, "days", h.Days.String())
		platform.Put(hm, "from", h.From.String())
		platform.Put(hm, "to", h.To.String())
		platform.PutNode(m, "hours", hm)
	}
	if a.Compress != 0 {
		platform.Put(m, "compress", fmt.Sprint(a.Compress))
	}
	return m
}

func describeDays(d workload.Days) string {
	names := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	var on []string
	for i, n := range names {
		if d&(1<<i) != 0 {
			on = append(on, n)
		}
	}
	return strings.Join(on, ",")
}

// describeReplayed summarises a profile read from a traffic file (a point
// per sample, hundreds a service): its file, points, mean and peak.
func describeReplayed(a workload.Arrivals, file string, d time.Duration) *yaml.Node {
	m := platform.Mapping()
	platform.Put(m, "process", a.Process.String())
	platform.Put(m, "from", file)
	platform.Put(m, "interpolation", a.Interp.String())
	platform.Put(m, "points", fmt.Sprint(len(a.Points)))
	// a count, not a key to write: a scenario's own points go in profile:.
	// Not the samples read: the profile ends with a point where the last
	// sample's step ends (two with linear interpolation), so 289 samples
	// made "points: 290 # samples read" (walk11).
	m.Content[len(m.Content)-1].LineComment = "the profile's points: a sample each, and where they end"
	var peak float64
	for _, pt := range a.Points {
		peak = max(peak, pt.RatePerSecond)
	}
	platform.Put(m, "meanRatePerSecond", fmt.Sprintf("%.4g", a.Expected(0, d)/d.Seconds()))
	platform.Put(m, "peakRatePerSecond", fmt.Sprintf("%.4g", peak))
	return m
}

// cutLists cuts every list under n to its first most entries and an
// Omitted entry: a platform that is no Abridger builds the nodes of every
// entry, but they are not marshalled, which took most of the memory.
func cutLists(n *yaml.Node, most int) {
	if n == nil {
		return
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) > most {
		rest := len(n.Content) - most
		n.Content = append(n.Content[:most:most], platform.Omitted(rest, "entries"))
	}
	for _, c := range n.Content {
		cutLists(c, most)
	}
}
