// Package slab recycles the slots of a model's short-lived things —
// requests, Lambda environments, pods — so that a run's memory follows
// what is alive at once, not what ever lived, and serving a request
// allocates nothing once the slab has grown to the peak.
//
// A slot is addressed by an int32 index, which fits an event's ID. Slots
// live in fixed pages that never move, so a pointer from At stays valid
// while the slab grows, and the spare room is under one page. A freed slot
// keeps what it held until it is allocated again: models keep a generation
// counter in it and bump it on every reuse, so events scheduled for an
// earlier tenant of the slot are recognised as stale and ignored (lazy
// cancellation).
package slab
