// Package cost prices a run: a dated, sourced price catalogue (prices.csv,
// embedded; us-east-1 complete, one row per region and price) and meters
// that turn usage into a Breakdown of lines with a total in integer
// micro-dollars.
//
// # Catalogue
//
// Catalogue(region) returns a Prices value; every price has a stable path
// (lambda.gbSecondX86USD, ec2.m6i.large.hourUSD, ...) that Prices.Override
// sets and Prices.Source traces to its source. Paths lists them. The
// figures and their sources are those of the project's reference
// lambda-and-prices.md §4 (tags as there: [AWS] AWS pricing page,
// documentation or blog; [AWS-2nd] an AWS figure from a third-party copy;
// [3rd]; [derived]):
//
//   - Lambda (aws.amazon.com/lambda/pricing): $0.20 per million requests;
//     on-demand duration per GB-s at 1-ms granularity, x86_64 $0.0000166667
//     (first 6 B GB-s a month), $0.000015 (next 9 B), $0.0000133334 (above);
//     arm64 $0.0000133334 (first 7.5 B), $0.0000120001 (next 11.25 B),
//     $0.0000106667 (above) — AWS Compute Blog "Introducing tiered pricing
//     for AWS Lambda"; INIT billed like duration since 2025-08-01 (AWS
//     Compute Blog "AWS Lambda standardizes billing for INIT Phase", Apr
//     2025; lambda.initBilled false restores the earlier rule, INIT free for
//     on-demand zip functions on managed runtimes); provisioned concurrency
//     $0.0000041667 per configured GB-s and $0.0000097222 per GB-s of
//     duration on it (arm64 $0.0000033334 / $0.0000077778), enabled time
//     rounded up to 5 minutes; free tier 1 M requests and 400,000 GB-s a
//     month, not for functions with provisioned concurrency; SnapStart on
//     Python and .NET $0.0000015046 per GB-s of snapshot cache and
//     $0.0001397998 per GB restored (snapstart.html "SnapStart pricing";
//     figures [AWS-2nd]), Java's SnapStart free.
//   - Front doors: API Gateway REST $3.50 per million (first 333 M),
//     $2.80 (next 667 M), $2.38 (next 19 B), $1.51 (above); HTTP API $1.00
//     per million (first 300 M), $0.90 (above), metered per 512 KB; ALB
//     $0.0225 per hour + $0.008 per LCU-hour, an LCU being 25 new
//     connections/s, 3,000 active connections/min, 1 GB/h processed (0.4
//     GB/h for Lambda targets) or 1,000 rule evaluations/s; function URL
//     free.
//   - Kubernetes: EC2 Linux on-demand per instance-hour, billed per second
//     with a 60-s minimum per launch (aws.amazon.com/ec2/pricing/on-demand,
//     m5/m6i/m7i/m7g/c7g); spot at an explicit price per type or a discount
//     off on-demand (0.65 by default, one published m6i.large example; 50–
//     70 % is typical); EKS control plane $0.10 per cluster-hour ($0.60 in
//     extended support); cross-AZ transfer $0.01 per GB in each direction,
//     so $0.02 per GB crossing.
//
// # Meters
//
// Prices.LambdaCost, Prices.FrontDoorCost and Prices.KubernetesCost take
// plain usage structs (this package imports neither model) and Options.
// Each line is computed exactly — float inputs read as the shortest decimal
// that prints them, products and sums as rationals — and rounded once, half
// away from zero, to a micro-dollar; a Breakdown's total is the integer sum
// of its lines. Credits (free tier, volume discounts) are negative lines,
// so each line reads quantity × unit price = amount.
//
// AWS applies volume tiers and the free tier to a month's volume. With
// Options.Scope MonthlyVolume (the default) a run of length T is billed as
// its share of a month at its average rate: with s = T / 730 h,
//
//	charge(V) = f(V / s) × s
//
// where f is the monthly price schedule — equivalently, the free allowance
// and every tier boundary are multiplied by s. RunVolume uses the run's
// raw volume as the month's (s = 1). See Scope.
//
// Monthly(total, T) = total × 730 h / T projects a run to a month;
// PerMillion gives the cost per million requests. Cumulative spreads a
// run's exact total over its time windows (by weights the caller computes
// from each window's usage at list prices) for plots and series.csv.
package cost
