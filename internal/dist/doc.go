// Package dist provides distributions of non-negative durations, written as
// short specs in scenario files and parsed by Parse:
//
//	spec      = duration | kind "(" args ")"
//	duration  = a Go duration, as time.ParseDuration reads it: 250ms, 1.5s, 2m, 0s
//
//	250ms                              constant
//	exp(mean=250ms)                    exponential
//	uniform(100ms,250ms)               uniform on [min, max]; also uniform(min=100ms,max=250ms)
//	lognormal(p50=120ms,p99=900ms)     log-normal fitted to a median and a 99th percentile:
//	                                   mu = ln p50, sigma = (ln p99 - ln p50) / z(0.99)
//	lognormal(mean=300ms,sd=200ms)     log-normal with that mean and standard deviation
//	lognormal(median=120ms,sigma=0.8)  log-normal with that median and sigma (the standard
//	                                   deviation of the log, 0 < sigma ≤ 10)
//	gamma(mean=250ms,cv=0.5)           gamma with shape 1/cv² and scale mean·cv²
//	                                   (cv is the coefficient of variation, sd/mean)
//	empirical(p0=5ms,p50=80ms,p99=2s,p99.9=9s,p100=40s)
//	                                   percentile points pN=value, N in [0,100] and may be
//	                                   fractional; p0 and p100 are required and values must
//	                                   not decrease as N grows
//	scale(2.5,exp(mean=250ms))         the samples of the inner spec multiplied by 2.5
//
// Spaces are allowed around names, brackets, commas and equals signs. Parameter
// names are exact and lower case; an unknown or repeated one is an error, as is
// a negative duration.
//
// An empirical distribution samples its interpolated inverse CDF: it draws
// u uniform in [0,1) and interpolates between the neighbouring percentile
// points, log-linearly (geometrically) between positive values, which suits
// heavy-tailed data such as published function duration percentiles, and
// linearly from a zero value. Its mean is the exact integral of that piecewise
// curve.
//
// Every Dist prints a canonical spec with String that Parse accepts again and
// that denotes the same distribution. Sample takes the caller's random stream,
// so the caller decides which stream each consumer uses (STYLE.md §3); samples
// below zero are clamped to 0 and all values are rounded to the nearest
// nanosecond. Mean is analytic, not estimated.
package dist
