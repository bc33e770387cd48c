package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// examples are the command lines each command's --help shows, a few per
// command, each one that works as written (with a scenario my.yaml).
var examples = map[string][]string{
	"run": {
		"execsim run builtin:steady",
		"execsim run my.yaml --seed 7 --set lambda.memoryMB=1024",
		"execsim run my.yaml --json --out out/my",
	},
	"sweep": {
		"execsim sweep my.yaml --workers 8",
		"execsim sweep my.yaml --shard 2/4 --out s2",
	},
	"merge":     {"execsim merge s1 s2 s3 s4 --out all"},
	"breakeven": {"execsim breakeven my.yaml --from 0.1 --to 1000", "execsim breakeven builtin:steady --out out/be"},
	"tune":      {"execsim tune my.yaml --memory 128,256,512,1024,1769,3008", "execsim tune builtin:java-cold-start --memory 512,1024,2048 --out out/tune"},
	"plot":      {"execsim plot out/my", "execsim plot out/my --out charts", "execsim plot out/be", "execsim plot out/tune"},
	"golden":    {"execsim golden my.yaml --update", "execsim golden my.yaml"},
	"validate":  {"execsim validate my.yaml", "execsim validate --prices my.yaml"},
	"scenarios": {"execsim scenarios"},
	"test": {
		"execsim test scenarios/ --update",
		"execsim test scenarios/ --junit report.xml",
		"execsim test scenarios/ --recursive",
	},
	"completion": {"source <(execsim completion bash)", "execsim completion zsh > \"${fpath[1]}/_execsim\""},
	"version":    {"execsim version", "execsim version --short"},
}

// examplesHeader starts the block addExamples appends.
const examplesHeader = "Examples:\n"

// addExamples appends an "Examples:" block to the Description of each
// command that has examples, after what the Description already says.
// Calling it again changes nothing.
func addExamples(cmds []*cli.Command) {
	for _, c := range cmds {
		ex, ok := examples[c.Name]
		if !ok || strings.Contains(c.Description, examplesHeader) {
			continue
		}
		block := examplesHeader + "  " + strings.Join(ex, "\n  ")
		if c.Description == "" {
			c.Description = block
		} else {
			c.Description = strings.TrimRight(c.Description, "\n") + "\n\n" + block
		}
	}
}
