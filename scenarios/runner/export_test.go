package runner

// Separate makes a run give every platform a stream of its own, as before
// the tee (TestSharedStreamIsTheSeparateRun).
func Separate(o *Options) { o.separate = true }
