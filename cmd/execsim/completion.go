package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/execsim/execsim/scenarios"
	"github.com/urfave/cli/v2"
)

// completionCommand prints a bash or zsh completion script. The script is
// generated from the app's own commands and flags, and lists the built-in
// scenarios, so completing never runs execsim; regenerate it after an
// upgrade.
func completionCommand() *cli.Command {
	cmd := command("completion", "print a shell completion script for bash or zsh", "bash|zsh", nil,
		func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one shell: bash or zsh")
			}
			m := completionModel(c.App)
			switch sh := c.Args().First(); sh {
			case "bash":
				return writeBashCompletion(c.App.Writer, m)
			case "zsh":
				return writeZshCompletion(c.App.Writer, m)
			default:
				return usagef("completion %q: allowed bash or zsh", sh)
			}
		})
	cmd.Description = "The script completes commands, their flags, built-in scenario names, scenario files (*.yaml)\n" +
		"and folders. Load it in the current shell with source <(execsim completion bash), or install it:\n" +
		"bash: execsim completion bash > ~/.local/share/bash-completion/completions/execsim\n" +
		"zsh:  execsim completion zsh > \"${fpath[1]}/_execsim\" (then restart zsh)"
	return cmd
}

// argKind is what a command's positional arguments are.
type argKind string

const (
	argNone     argKind = "none"
	argScenario argKind = "scenario" // a *.yaml file or builtin:NAME
	argDir      argKind = "dir"
	argWords    argKind = "words" // one of a fixed list
)

// valueKind is what a flag's value is.
type valueKind string

const (
	valueNone  valueKind = ""      // a boolean flag
	valueOther valueKind = "other" // a number, a field=value: nothing to offer
	valueFile  valueKind = "file"
	valueDir   valueKind = "dir"
)

type complFlag struct {
	names  []string // with their dashes: --seed, -h
	usage  string
	value  valueKind
	repeat bool
}

type complCommand struct {
	names []string // name and aliases
	usage string
	flags []complFlag
	args  argKind
	words []string // for argWords
}

type complModel struct {
	globals  []complFlag
	commands []complCommand
	builtins []string // builtin:NAME
}

// safeWord is what goes into a script unquoted.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)

func completionModel(app *cli.App) complModel {
	var m complModel
	m.globals = complFlags(app.Flags)
	m.globals = withFlag(m.globals, complFlag{names: []string{"--help", "-h"}, usage: "show help"})
	if app.Version != "" && !app.HideVersion {
		m.globals = withFlag(m.globals, complFlag{names: []string{"--version", "-v"}, usage: "print the version"})
	}
	var names []string
	for _, c := range app.Commands {
		if !c.Hidden && safeWord.MatchString(c.Name) {
			names = append(names, c.Name)
		}
	}
	for _, c := range app.Commands {
		if c.Hidden || !safeWord.MatchString(c.Name) {
			continue
		}
		cc := complCommand{names: c.Names(), usage: c.Usage, flags: complFlags(c.Flags), args: argNone}
		cc.flags = withFlag(cc.flags, complFlag{names: []string{"--help", "-h"}, usage: "show help"})
		switch a := c.ArgsUsage; {
		case c.Name == "help":
			cc.args, cc.words = argWords, names
		case strings.Contains(a, scenarios.BuiltinPrefix):
			cc.args = argScenario
		case strings.Contains(a, "DIR"):
			cc.args = argDir
		case strings.Contains(a, "|") && !strings.ContainsAny(a, " .[]"):
			cc.args, cc.words = argWords, strings.Split(a, "|")
		}
		m.commands = append(m.commands, cc)
	}
	for _, b := range scenarios.Builtins() {
		if w := scenarios.BuiltinPrefix + b.Name; safeWord.MatchString(w) {
			m.builtins = append(m.builtins, w)
		}
	}
	return m
}

// complFlags describes the visible flags.
func complFlags(flags []cli.Flag) []complFlag {
	var out []complFlag
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		cf := complFlag{value: valueOther}
		for _, n := range f.Names() {
			if !safeWord.MatchString(n) {
				continue
			}
			if len(n) == 1 {
				cf.names = append(cf.names, "-"+n)
			} else {
				cf.names = append(cf.names, "--"+n)
			}
		}
		if len(cf.names) == 0 {
			continue
		}
		usage := ""
		if d, ok := f.(cli.DocGenerationFlag); ok {
			usage = d.GetUsage()
			if !d.TakesValue() {
				cf.value = valueNone
			}
		}
		switch {
		case cf.value == valueNone:
		case strings.Contains(usage, "`FILE`"):
			cf.value = valueFile
		case strings.Contains(usage, "`DIR`"):
			cf.value = valueDir
		}
		switch f.(type) {
		case *cli.StringSliceFlag, *cli.IntSliceFlag, *cli.Float64SliceFlag, *cli.Int64SliceFlag, *cli.Uint64SliceFlag, *cli.UintSliceFlag:
			cf.repeat = true
		}
		cf.usage = strings.ReplaceAll(strings.ReplaceAll(usage, "`", ""), "\n", " ")
		out = append(out, cf)
	}
	return out
}

// withFlag adds f unless one of its names is taken.
func withFlag(flags []complFlag, f complFlag) []complFlag {
	for _, g := range flags {
		for _, n := range g.names {
			if slices.Contains(f.names, n) {
				return flags
			}
		}
	}
	return append(flags, f)
}

func allNames(flags []complFlag, keep func(complFlag) bool) string {
	var out []string
	for _, f := range flags {
		if keep == nil || keep(f) {
			out = append(out, f.names...)
		}
	}
	return strings.Join(out, " ")
}

// The bash script. It reads the word under the cursor from COMP_LINE rather
// than COMP_WORDS, which bash splits at ':' and '=' (builtin:NAME,
// --out=DIR), and hands back each candidate without the part before the
// last ':' or '=', which bash keeps.
const bashHead = `# bash completion for execsim
# Generated by 'execsim completion bash'; regenerate it after upgrading execsim.
# Load it in this shell:  source <(execsim completion bash)
# or in every new shell:  execsim completion bash > ~/.local/share/bash-completion/completions/execsim

_execsim() {
	local line=${COMP_LINE:0:COMP_POINT}
	local cur=${line##*[[:space:]]}
	local before=${line%"$cur"}
	before=${before%"${before##*[![:space:]]}"}
	local prev=${before##*[[:space:]]}
	local kept=${cur%"${cur##*[:=]}"}
	local cmd= i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	local flags= files= dirs= others= args= words=
	case $cmd in
`

const bashTail = `	esac
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
		kept=${cur%"${cur##*:}"}
	fi
	local value=
	case " $files " in *" $prev "*) value=file ;; esac
	case " $dirs " in *" $prev "*) value=dir ;; esac
	case " $others " in *" $prev "*) value=other ;; esac
	COMPREPLY=()
	if [[ -n $value ]]; then
		:
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		return
	else
		value=$args
	fi
	case $value in
	file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	dir)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	scenario)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -W "$words" -- "$cur") $(compgen -d -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur")) ;;
	words)
		COMPREPLY=($(compgen -W "$words" -- "$cur")) ;;
	esac
	if [[ -n $kept ]]; then
		COMPREPLY=("${COMPREPLY[@]#"$kept"}")
	fi
}

complete -F _execsim execsim
`

func writeBashCompletion(w io.Writer, m complModel) error {
	var b strings.Builder
	b.WriteString(bashHead)
	var names []string
	for _, c := range m.commands {
		names = append(names, c.names[0])
	}
	fmt.Fprintf(&b, "\t'')\n\t\tflags=%q\n\t\targs=words words=%q ;;\n",
		allNames(m.globals, nil), strings.Join(names, " "))
	for _, c := range m.commands {
		fmt.Fprintf(&b, "\t%s)\n\t\tflags=%q\n", strings.Join(c.names, "|"), allNames(c.flags, nil))
		for _, v := range []struct {
			name string
			kind valueKind
		}{{"files", valueFile}, {"dirs", valueDir}, {"others", valueOther}} {
			if s := allNames(c.flags, func(f complFlag) bool { return f.value == v.kind }); s != "" {
				fmt.Fprintf(&b, "\t\t%s=%q\n", v.name, s)
			}
		}
		switch c.args {
		case argScenario:
			fmt.Fprintf(&b, "\t\targs=scenario words=%q ;;\n", strings.Join(m.builtins, " "))
		case argWords:
			fmt.Fprintf(&b, "\t\targs=words words=%q ;;\n", strings.Join(c.words, " "))
		case argDir:
			b.WriteString("\t\targs=dir ;;\n")
		default:
			b.WriteString("\t\targs= ;;\n")
		}
	}
	b.WriteString("\t*) return ;;\n")
	b.WriteString(bashTail)
	_, err := io.WriteString(w, b.String())
	return err
}

// The zsh script: _arguments for the global flags and the command, then
// the command's own flags and arguments.
const zshHead = `#compdef execsim
# zsh completion for execsim
# Generated by 'execsim completion zsh'; regenerate it after upgrading execsim.
# Load it in this shell (after compinit):  source <(execsim completion zsh)
# or in every new shell:                  execsim completion zsh > "${fpath[1]}/_execsim"

_execsim_scenarios() {
	local -a builtins
	builtins=({{builtins}})
	_alternative \
		'builtins:built-in scenario:compadd -a builtins' \
		'files:scenario file:_files -g "*.yaml(-.)"'
}

_execsim() {
	local curcontext=$curcontext state line
	local -a commands
	commands=(
{{commands}}	)
	_arguments -C \
{{globals}}		'1:command:->command' \
		'*::argument:->argument'
	case $state in
	command)
		_describe -t commands 'execsim command' commands ;;
	argument)
		curcontext=${curcontext%%:*:*}:execsim-$words[1]:
		case $words[1] in
`

const zshTail = `		esac ;;
	esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
	_execsim "$@"
else
	compdef _execsim execsim
fi
`

// zshQuote is s in single quotes.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshDescription makes s safe inside an _arguments [description].
func zshDescription(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// zshFlagSpecs are the _arguments specs of flags, one a line.
func zshFlagSpecs(flags []complFlag, indent string) string {
	var b strings.Builder
	for _, f := range flags {
		for _, n := range f.names {
			spec := n
			if f.value != valueNone {
				spec += "="
			}
			spec += "[" + zshDescription(f.usage) + "]"
			switch f.value {
			case valueFile:
				spec += ":file:_files"
			case valueDir:
				spec += ":folder:_files -/"
			case valueOther:
				spec += ":" + strings.TrimLeft(n, "-") + ": "
			}
			if f.repeat {
				spec = "*" + spec
			}
			b.WriteString(indent + zshQuote(spec) + " \\\n")
		}
	}
	return b.String()
}

func writeZshCompletion(w io.Writer, m complModel) error {
	var cmds strings.Builder
	for _, c := range m.commands {
		cmds.WriteString("\t\t" + zshQuote(c.names[0]+":"+c.usage) + "\n")
	}
	var b strings.Builder
	b.WriteString(strings.NewReplacer("{{builtins}}", strings.Join(m.builtins, " "), "{{commands}}", cmds.String(),
		"{{globals}}", zshFlagSpecs(m.globals, "\t\t")).Replace(zshHead))
	for _, c := range m.commands {
		fmt.Fprintf(&b, "\t\t(%s)\n\t\t\t_arguments -s -S \\\n", strings.Join(c.names, "|"))
		b.WriteString(zshFlagSpecs(c.flags, "\t\t\t\t"))
		switch c.args {
		case argScenario:
			b.WriteString("\t\t\t\t'*:scenario:_execsim_scenarios' ;;\n")
		case argDir:
			b.WriteString("\t\t\t\t'*:folder:_files -/' ;;\n")
		case argWords:
			fmt.Fprintf(&b, "\t\t\t\t%s ;;\n", zshQuote("1:argument:("+strings.Join(c.words, " ")+")"))
		default:
			b.WriteString("\t\t\t\t;;\n")
		}
	}
	b.WriteString(zshTail)
	_, err := io.WriteString(w, b.String())
	return err
}
