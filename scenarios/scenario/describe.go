package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
)

// Describe prints the compiled plan as YAML with every default filled in,
// so a user sees exactly what will run.
func (p *Plan) Describe() string {
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
	for _, s := range p.Workload.Services {
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
		svcs.Content = append(svcs.Content, m)
	}
	platform.PutNode(root, "services", svcs)
	for _, c := range p.Platforms {
		platform.PutNode(root, platform.SectionKey(c.Platform), c.Config.Describe())
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
		platform.Put(m, "period", a.Period.String())
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
	// a count, not a key to write: a scenario's own points go in profile:
	m.Content[len(m.Content)-1].LineComment = "samples read, each a point of the profile"
	var peak float64
	for _, pt := range a.Points {
		peak = max(peak, pt.RatePerSecond)
	}
	platform.Put(m, "meanRatePerSecond", fmt.Sprintf("%.4g", a.Expected(0, d)/d.Seconds()))
	platform.Put(m, "peakRatePerSecond", fmt.Sprintf("%.4g", peak))
	return m
}
