package platformtest

import "testing"

func TestPoolConforms(t *testing.T) { Conformance(t, Pool{}) }
