package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

// progressMode is how long work shows its progress.
type progressMode int

const (
	progressOff     progressMode = iota // --no-progress
	progressBar                         // stderr is a terminal: a bar
	progressRecords                     // stderr is a log (CI): a line at a steady interval
)

// recordEvery is the interval between progress records in a log.
const recordEvery = 10 * time.Second

// progressFor picks the mode for the command's stderr.
func progressFor(c *cli.Context) progressMode {
	switch {
	case c.Bool("no-progress"):
		return progressOff
	case isTerminal(c.App.ErrWriter):
		return progressBar
	}
	return progressRecords
}

// progressOut shows one piece of long work.
type progressOut struct {
	mode        progressMode
	w           io.Writer
	what        string
	bar         *progressbar.ProgressBar
	start, last time.Time
	now         func() time.Time // time.Now; tests step it
	// grows, when set, is what the next record says after the work's
	// total grew, so that a fraction stepping back is explained (a
	// break-even's refinement adds rates as it finds where the curve
	// changes: walk9 saw 90 % done, then 74 %)
	grows string
	total float64 // the total work last told (work)
	grew  bool    // the total grew since the last record
}

// begin starts showing the progress of what on w.
func (m progressMode) begin(w io.Writer, what string) *progressOut {
	p := &progressOut{mode: m, w: w, what: what, now: time.Now}
	p.start = p.now()
	p.last = p.start
	if m == progressBar {
		p.bar = progressbar.NewOptions(1000, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what), progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
	}
	return p
}

// set reports the fraction of the work done (0..1).
func (p *progressOut) set(frac float64) {
	switch p.mode {
	case progressBar:
		_ = p.bar.Set(int(frac * 1000))
	case progressRecords:
		now := p.now()
		if now.Sub(p.last) < recordEvery || frac <= 0 {
			return
		}
		p.last = now
		elapsed := now.Sub(p.start)
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		why := ""
		if p.grew {
			why, p.grew = " ("+p.grows+")", false
		}
		fmt.Fprintf(p.w, "execsim: %s: %.0f %% done, %v elapsed, about %v left%s\n", p.what, 100*frac, elapsed.Round(time.Second), left.Round(time.Second), why)
	}
}

// work reports work done out of a total (weighted by expected requests).
func (p *progressOut) work(done, total float64) {
	if p.grows != "" && p.total > 0 && total > p.total {
		p.grew = true
		if p.bar != nil {
			p.bar.Describe(p.what + " (" + p.grows + ")")
		}
	}
	p.total = max(p.total, total)
	if total > 0 {
		p.set(done / total)
	}
}

// end stops showing progress.
func (p *progressOut) end() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
