package lambda

import (
	"strconv"
	"strings"
)

// SnapStartKind is how SnapStart works, and is billed, for a runtime.
type SnapStartKind uint8

const (
	// NoSnapStart: the runtime cannot use SnapStart.
	NoSnapStart SnapStartKind = iota
	// SnapStartJava: managed Java 11 and later. The snapshot's cache and
	// its restores cost nothing extra (AWS What's New, 2022-11-28: "at
	// no extra cost"); the Billed Restore Duration is billed as duration
	// (snapstart-monitoring.html).
	SnapStartJava
	// SnapStartCharged: managed Python 3.12 and later and .NET 8 and
	// later, whose snapshot cache (per GB-s while the version is active)
	// and restores (per GB restored) are charged (snapstart.html,
	// "SnapStart pricing"; aws.amazon.com/lambda/pricing).
	SnapStartCharged
)

// SnapStartOf says whether, and how, a runtime supports SnapStart.
// snapstart.html, "Supported features and limitations": SnapStart is
// available for the managed runtimes Java 11 and later, Python 3.12 and
// later and .NET 8 and later; not for other managed runtimes (Node.js,
// Ruby) or OS-only runtimes (provided.*, so no .NET AOT, GraalVM or Go).
// That is the rule for a .zip function. Container images can use
// SnapStart since July 2026, whatever they hold (snapstart-runtime-hooks-
// custom.html: AWS's base images for these runtimes as they are, other
// images with restore hooks or a label), but execsim has no measured
// restore time for an image, nor a source for how its snapshot is
// billed, so it does not model that: Function.Validate refuses
// SnapStart on an image and says it is execsim's limit, not AWS's.
func SnapStartOf(runtime string) SnapStartKind {
	name := normaliseRuntime(runtime)
	// version after a prefix, digits and dots only (java8.al2, "dotnet8
	// aot" and the like are other runtimes)
	version := func(prefix string) (major, minor int, ok bool) {
		v, found := strings.CutPrefix(name, prefix)
		if !found || v == "" {
			return 0, 0, false
		}
		a, b, dotted := strings.Cut(v, ".")
		major, err := strconv.Atoi(a)
		if err != nil {
			return 0, 0, false
		}
		if dotted {
			if minor, err = strconv.Atoi(b); err != nil {
				return 0, 0, false
			}
		}
		return major, minor, true
	}
	if major, _, ok := version("java"); ok && major >= 11 && !strings.Contains(name, ".") {
		return SnapStartJava
	}
	if major, minor, ok := version("python"); ok && major == 3 && minor >= 12 {
		return SnapStartCharged
	}
	if major, _, ok := version("dotnet"); ok && major >= 8 && !strings.Contains(name, ".") {
		return SnapStartCharged
	}
	return NoSnapStart
}

// snapStartRuntimes is the rule SnapStartOf applies, for messages.
const snapStartRuntimes = "SnapStart supports the managed runtimes Java 11+, Python 3.12+ and .NET 8+ only (snapstart.html)"
