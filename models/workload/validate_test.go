package workload

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

func TestValidateAccepts(t *testing.T) {
	for _, a := range []Arrivals{
		{RatePerSecond: 1},
		{Process: Even, RatePerSecond: 1, Spacing: Regular},
		linearProfile, businessHours, linearDaily, weeklyStep, diurnal, hourly, spike, burst,
		{Process: Spike, SpikeRatePerSecond: 100, For: time.Minute},
		{Process: Profile, Points: []Point{{0, 0}}},
		{Process: Diurnal, MeanRatePerSecond: 1, Amplitude: 1, Period: time.Hour, PeakAt: 59 * time.Minute},
		{Process: Counts, Bin: time.Minute, Counts: []int32{0, 5}, Placement: BinStart, Scale: 0.5},
		{Process: Replay, Bin: time.Minute, Counts: []int32{0}, Scale: 1, Feed: sharedRows, FeedIndex: 3},
	} {
		if err := single(a).Validate(); err != nil {
			t.Errorf("Validate(%v) = %v; want nil", a.Process, err)
		}
	}
	if err := fleet().Validate(); err != nil {
		t.Errorf("Validate(fleet) = %v", err)
	}
}

var sharedRows = &Rows{}

func TestValidate(t *testing.T) {
	svc := func(a Arrivals) Config { return single(a) }
	tests := []struct {
		name string
		cfg  Config
		want []string // every line of the error, in order
		is   error    // the sentinel of the first problem
	}{
		{"no services", Config{}, []string{"services: at least one service is required"}, models.ErrRequired},
		{"negative rate", svc(Arrivals{RatePerSecond: -5}),
			[]string{"services[0].arrivals.ratePerSecond: must be positive (got -5)"}, models.ErrRange},
		{"missing rate", svc(Arrivals{Process: Even}),
			[]string{"services[0].arrivals.ratePerSecond: must be positive (got 0)"}, models.ErrRange},
		{"NaN rate", svc(Arrivals{RatePerSecond: math.NaN()}),
			[]string{"services[0].arrivals.ratePerSecond: must be a finite number (got NaN)"}, models.ErrRange},
		{"unknown process", svc(Arrivals{Process: 9, RatePerSecond: 1}),
			[]string{"services[0].arrivals.process: must be one of poisson, even, profile, diurnal, spike, bursts, counts, replay (got 9)"}, models.ErrUnknown},
		{"unknown spacing", svc(Arrivals{Spacing: 4, RatePerSecond: 1}),
			[]string{"services[0].arrivals.spacing: must be one of random, regular (got 4)"}, models.ErrUnknown},
		{"amplitude", svc(Arrivals{Process: Diurnal, MeanRatePerSecond: 1, Amplitude: 1.5}),
			[]string{"services[0].arrivals.amplitude: must be between 0 and 1 (got 1.5)"}, models.ErrRange},
		{"diurnal", svc(Arrivals{Process: Diurnal, MeanRatePerSecond: math.Inf(1), Amplitude: -0.1, Period: -time.Hour, PeakAt: 25 * time.Hour}),
			[]string{
				"services[0].arrivals.meanRatePerSecond: must be a finite number (got +Inf)",
				"services[0].arrivals.amplitude: must be between 0 and 1 (got -0.1)",
				"services[0].arrivals.period: must not be negative (got -1h0m0s)",
				"services[0].arrivals.peakAt: must be within [0s, 24h0m0s) (got 25h0m0s)",
			}, models.ErrRange},
		{"profile points", svc(Arrivals{Process: Profile, Points: []Point{{-time.Minute, 1}, {time.Hour, 2}, {30 * time.Minute, -1}}}),
			[]string{
				"services[0].arrivals.points[0].at: must not be negative (got -1m0s)",
				"services[0].arrivals.points[2].at: must not be before points[1].at (1h0m0s): points are sorted by at (got 30m0s)",
				"services[0].arrivals.points[2].ratePerSecond: must not be negative (got -1)",
			}, models.ErrRange},
		{"no points", svc(Arrivals{Process: Profile}),
			[]string{"services[0].arrivals.points: at least one point is required"}, models.ErrRequired},
		{"weekly point", svc(Arrivals{Process: Profile, Repeat: Weekly, Points: []Point{{0, 1}, {168 * time.Hour, 2}}}),
			[]string{"services[0].arrivals.points[1].at: must be less than 168h0m0s with repeat weekly (got 168h0m0s)"}, models.ErrRange},
		{"daily point", svc(Arrivals{Process: Profile, Repeat: Daily, Points: []Point{{25 * time.Hour, 1}}}),
			[]string{"services[0].arrivals.points[0].at: must be less than 24h0m0s with repeat daily (got 25h0m0s)"}, models.ErrRange},
		{"days without daily", svc(Arrivals{Process: Profile, Repeat: Weekly, Days: Weekdays, Points: []Point{{0, 1}}}),
			[]string{"services[0].arrivals.days: only used with repeat daily (repeat is weekly) (got mon-fri)"}, models.ErrInvalid},
		{"bad days", svc(Arrivals{Process: Profile, Repeat: Daily, Days: 0x80, Points: []Point{{0, 1}}}),
			[]string{"services[0].arrivals.days: must be a set of days Mon..Sun (got 0x80)"}, models.ErrInvalid},
		{"bad interp and repeat", svc(Arrivals{Process: Profile, Interp: 3, Repeat: 5, Points: []Point{{0, 1}}}),
			[]string{
				"services[0].arrivals.interp: must be one of step, linear (got 3)",
				"services[0].arrivals.repeat: must be one of none, daily, weekly (got 5)",
			}, models.ErrUnknown},
		{"spike for", svc(Arrivals{Process: Spike, RatePerSecond: 1, SpikeRatePerSecond: 5, At: -time.Second}),
			[]string{
				"services[0].arrivals.at: must not be negative (got -1s)",
				"services[0].arrivals.for: must be positive (got 0s)",
			}, models.ErrRange},
		{"spike both", svc(Arrivals{Process: Spike, RatePerSecond: 1, SpikeRatePerSecond: 5, Multiplier: 2, For: time.Minute}),
			[]string{"services[0].arrivals.multiplier: set either spikeRatePerSecond or multiplier, not both (got 2)"}, models.ErrInvalid},
		{"spike neither", svc(Arrivals{Process: Spike, RatePerSecond: 1, For: time.Minute}),
			[]string{"services[0].arrivals.spikeRatePerSecond: spikeRatePerSecond or multiplier is required"}, models.ErrRequired},
		{"multiplier of nothing", svc(Arrivals{Process: Spike, Multiplier: 3, For: time.Minute}),
			[]string{"services[0].arrivals.ratePerSecond: must be positive when multiplier is set"}, models.ErrRequired},
		{"unused fields", svc(Arrivals{RatePerSecond: 1, Amplitude: 0.5, Points: []Point{{0, 1}}, For: time.Minute}),
			[]string{
				"services[0].arrivals.points: not used by process poisson (only by profile)",
				"services[0].arrivals.amplitude: not used by process poisson (only by diurnal)",
				"services[0].arrivals.for: not used by process poisson (only by spike, bursts)",
			}, models.ErrInvalid},
		{"service fields", Config{Services: []Service{
			{Arrivals: Arrivals{RatePerSecond: 1}, PayloadKB: -2},
			{Name: "api", Arrivals: Arrivals{RatePerSecond: 1}},
			{Name: "api", Arrivals: Arrivals{RatePerSecond: -1}},
		}},
			[]string{
				"services[0].name: is required",
				"services[0].payloadKB: must not be negative (got -2)",
				"services[2].arrivals.ratePerSecond: must be positive (got -1)",
				`services[2].name: duplicates services[1].name (got "api")`,
			}, models.ErrRequired},
		{"counts", svc(Arrivals{Process: Counts, Counts: []int32{1, -2}, Placement: 5}),
			[]string{
				"services[0].arrivals.bin: must be positive (got 0s)",
				"services[0].arrivals.counts[1]: must not be negative (got -2)",
				"services[0].arrivals.scale: must be positive (got 0)",
				"services[0].arrivals.placement: must be one of poisson, equidistant, start (got 5)",
			}, models.ErrRange},
		{"replay", svc(Arrivals{Process: Replay, Bin: time.Minute, Scale: 1, Placement: BinStart, FeedIndex: -1}),
			[]string{
				"services[0].arrivals.placement: not used by process replay (only by counts)",
				"services[0].arrivals.counts: at least one bin is required",
				"services[0].arrivals.feed: a replay needs the feed its rows come from",
				"services[0].arrivals.feedIndex: must not be negative (got -1)",
			}, models.ErrInvalid},
		{"counts fields on another process", svc(Arrivals{RatePerSecond: 1, Bin: time.Minute, Scale: 2}),
			[]string{
				"services[0].arrivals.bin: not used by process poisson (only by counts, replay)",
				"services[0].arrivals.scale: not used by process poisson (only by counts, replay)",
			}, models.ErrInvalid},
		{"duration and cpu", Config{Services: []Service{{Name: "f", Arrivals: Arrivals{RatePerSecond: 1},
			CPU: dist.Const(1), Duration: dist.Const(time.Second), CPUFraction: 1.5}}},
			[]string{
				"services[0].cpuFraction: must be between 0 and 1 (got 1.5)",
				"services[0].duration: give either duration (split by cpuFraction) or cpu and io, not both (got 1s)",
			}, models.ErrRange},
		{"one feed's rows twice", Config{Services: []Service{
			{Name: "a", Arrivals: Arrivals{Process: Replay, Bin: time.Minute, Counts: []int32{0}, Scale: 1, Feed: sharedRows}},
			{Name: "b", Arrivals: Arrivals{Process: Replay, Bin: time.Minute, Counts: []int32{0}, Scale: 1, Feed: sharedRows}},
		}},
			[]string{"services[1].arrivals.feedIndex: services[0] replays the same rows of the same feed (got 0)"}, models.ErrInvalid},
		{"shared streams", Config{Services: []Service{
			{Name: "api", Arrivals: Arrivals{RatePerSecond: 1}},
			{Name: "web", Streams: "workload/api", Arrivals: Arrivals{RatePerSecond: 1}},
		}},
			[]string{`services[1].streams: draws from the same random streams as services[0] (got "workload/api")`}, models.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil; want %d problems", len(tc.want))
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Validate() =\n%s\nwant\n%s", err, strings.Join(tc.want, "\n"))
			}
			var fe *models.FieldError
			if !errors.As(err, &fe) || !errors.Is(fe, tc.is) {
				t.Errorf("first problem %v is not %v", fe, tc.is)
			}
		})
	}
}
