package manifests

import (
	"fmt"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

// HPA is one HorizontalPodAutoscaler, spelled as execsim's HPA config
// (models/kubernetes/hpa).
type HPA struct {
	Source
	Name, Namespace string
	// MinReplicas is spec.minReplicas [1]; MaxReplicas is required.
	MinReplicas, MaxReplicas int
	// Metrics lists the metrics execsim models, in spec order: one
	// CPU-utilisation target of 80 % when spec.metrics is empty (the
	// controller's default). Metrics it does not model are warnings.
	Metrics []Metric
	// Behavior is spec.behavior; nil when absent (the legacy path).
	Behavior *Behavior
}

// MetricType is what a Metric measures.
type MetricType string

// Metric types, one per hpa.MetricType.
const (
	// CPUUtilization is a Resource cpu metric with a Utilization target.
	CPUUtilization MetricType = "CPUUtilization"
	// CPUAverageValue is a Resource cpu metric with an AverageValue target.
	CPUAverageValue MetricType = "CPUAverageValue"
	// PodsAverageValue is a Pods metric (its Name as written) with an
	// AverageValue target.
	PodsAverageValue MetricType = "PodsAverageValue"
)

// Metric is one HPA metric target.
type Metric struct {
	Type MetricType
	// Name is a Pods metric's name, as written (http_requests_per_second).
	Name string
	// UtilizationPercent is a CPUUtilization target, in percent of the
	// pods' CPU request.
	UtilizationPercent int
	// AverageValueMilli is an AverageValue target per pod in milli-units
	// (milli-CPU for CPUAverageValue; 15 requests/s is 15000).
	AverageValueMilli int64
}

// Behavior is spec.behavior: nil rules take the API defaults.
type Behavior struct {
	ScaleUp, ScaleDown *Rules
}

// Rules is one direction's scaling rules; unset fields are nil or empty.
type Rules struct {
	StabilizationWindow *time.Duration
	SelectPolicy        string // Max | Min | Disabled; "" is unset
	Policies            []Policy
	// Tolerance is the rule's tolerance (HPAConfigurableTolerance).
	Tolerance *float64
}

// Policy is one scaling policy.
type Policy struct {
	Type   string // Pods | Percent
	Value  int
	Period time.Duration
}

// hpaRef is an HPA with its target, until matched.
type hpaRef struct {
	HPA
	kind, apiVersion, target string
}

const defaultCPUUtilization = 80

func (r *reader) hpa(a at, apiVersion string, obj map[string]any) {
	switch apiVersion {
	case "autoscaling/v2":
	case "autoscaling/v2beta2":
		a.warn("apiVersion", "autoscaling/v2beta2 (removed in Kubernetes 1.26) read as autoscaling/v2, which has its schema")
	case "autoscaling/v1":
		r.hpaV1(a, obj)
		return
	default:
		a.err("apiVersion", apiVersion, ErrUnsupported, "not read (removed from Kubernetes); write autoscaling/v2")
		return
	}
	var h autoscalingv2.HorizontalPodAutoscaler
	decoded, filled := decode(a, obj, &h)
	if !filled {
		return
	}
	out, ok := hpaSpec(a, h.Name, h.Namespace, h.Spec.MinReplicas, h.Spec.MaxReplicas)
	ok = ok && decoded
	out.Metrics = metrics(a, h.Spec.Metrics)
	if b := h.Spec.Behavior; b != nil {
		out.Behavior = &Behavior{
			ScaleUp:   rules(a, "spec.behavior.scaleUp", b.ScaleUp, &ok),
			ScaleDown: rules(a, "spec.behavior.scaleDown", b.ScaleDown, &ok),
		}
	}
	if ok {
		r.hpas = append(r.hpas, hpaRef{HPA: out, kind: h.Spec.ScaleTargetRef.Kind,
			apiVersion: h.Spec.ScaleTargetRef.APIVersion, target: h.Spec.ScaleTargetRef.Name})
	}
}

// hpaV1 converts an autoscaling/v1 HPA: its CPU target becomes the one
// metric (80 % when unset), as the API server converts it.
func (r *reader) hpaV1(a at, obj map[string]any) {
	var h autoscalingv1.HorizontalPodAutoscaler
	decoded, filled := decode(a, obj, &h)
	if !filled {
		return
	}
	out, ok := hpaSpec(a, h.Name, h.Namespace, h.Spec.MinReplicas, h.Spec.MaxReplicas)
	ok = ok && decoded
	target := defaultCPUUtilization
	if t := h.Spec.TargetCPUUtilizationPercentage; t != nil {
		if *t < 1 {
			a.err("spec.targetCPUUtilizationPercentage", *t, ErrInvalid, "must be at least 1")
			ok = false
		}
		target = int(*t)
	}
	out.Metrics = []Metric{{Type: CPUUtilization, UtilizationPercent: target}}
	for _, k := range []string{"autoscaling.alpha.kubernetes.io/metrics", "autoscaling.alpha.kubernetes.io/behavior"} {
		if _, set := h.Annotations[k]; set {
			a.warn("metadata.annotations."+k, "autoscaling/v2 fields kept in an annotation are not read; read the object as autoscaling/v2 (kubectl get hpa.v2.autoscaling)")
		}
	}
	if ok {
		r.hpas = append(r.hpas, hpaRef{HPA: out, kind: h.Spec.ScaleTargetRef.Kind,
			apiVersion: h.Spec.ScaleTargetRef.APIVersion, target: h.Spec.ScaleTargetRef.Name})
	}
}

func hpaSpec(a at, name, namespace string, minReplicas *int32, maxReplicas int32) (HPA, bool) {
	out := HPA{Source: a.src, Name: name, Namespace: namespace, MinReplicas: 1, MaxReplicas: int(maxReplicas)}
	ok := true
	if name == "" {
		a.err("metadata.name", nil, ErrRequired, "required")
		ok = false
	}
	if minReplicas != nil {
		out.MinReplicas = int(*minReplicas)
		switch {
		case *minReplicas < 0:
			a.err("spec.minReplicas", *minReplicas, ErrInvalid, "must not be negative")
			ok = false
		case *minReplicas == 0:
			a.warn("spec.minReplicas", "0 (scale to zero, alpha HPAScaleToZero) is not modelled; 1 is used")
			out.MinReplicas = 1
		}
	}
	switch {
	case maxReplicas < 1:
		a.err("spec.maxReplicas", maxReplicas, ErrInvalid, "required, at least 1")
		ok = false
	case int(maxReplicas) < out.MinReplicas:
		a.err("spec.maxReplicas", fmt.Sprintf("%d < minReplicas %d", maxReplicas, out.MinReplicas), ErrInvalid, "must be at least minReplicas")
		ok = false
	}
	return out, ok
}

// metrics keeps the metrics execsim models and warns about the others.
func metrics(a at, specs []autoscalingv2.MetricSpec) []Metric {
	if len(specs) == 0 {
		return []Metric{{Type: CPUUtilization, UtilizationPercent: defaultCPUUtilization}}
	}
	var out []Metric
	for i, m := range specs {
		path := fmt.Sprintf("spec.metrics[%d]", i)
		switch {
		case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU:
			t := m.Resource.Target
			switch {
			case t.Type == autoscalingv2.UtilizationMetricType && t.AverageUtilization != nil && *t.AverageUtilization >= 1:
				out = append(out, Metric{Type: CPUUtilization, UtilizationPercent: int(*t.AverageUtilization)})
			case t.Type == autoscalingv2.AverageValueMetricType && t.AverageValue != nil && t.AverageValue.Sign() > 0:
				out = append(out, Metric{Type: CPUAverageValue, AverageValueMilli: t.AverageValue.MilliValue()})
			default:
				a.warn(path+".resource.target", "a cpu target needs type Utilization with averageUtilization ≥ 1 or AverageValue with a positive averageValue; metric dropped")
			}
		case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil:
			a.warn(path+".resource.name", "%s utilisation is not modelled (only cpu); metric dropped", m.Resource.Name)
		case m.Type == autoscalingv2.PodsMetricSourceType && m.Pods != nil:
			t := m.Pods.Target
			if t.Type != autoscalingv2.AverageValueMetricType || t.AverageValue == nil || t.AverageValue.Sign() <= 0 {
				a.warn(path+".pods.target", "a Pods target needs type AverageValue with a positive averageValue; metric dropped")
				continue
			}
			if m.Pods.Metric.Selector != nil {
				a.warn(path+".pods.metric.selector", "not modelled; ignored")
			}
			out = append(out, Metric{Type: PodsAverageValue, Name: m.Pods.Metric.Name, AverageValueMilli: t.AverageValue.MilliValue()})
		default:
			a.warn(path+".type", "%s metrics are not modelled (Resource cpu and Pods are); metric dropped", m.Type)
		}
	}
	// With no metric left the reader says nothing more: what the HPA then
	// scales on is the platform's choice, and it says so (walk4 found
	// "the HPA cannot scale" here beside the platform's "scales on CPU at
	// the default 80 %").
	switch {
	case len(out) > 1:
		a.warn("spec.metrics", "%d metrics: execsim's HPA scales on one, the first", len(out))
	}
	return out
}

// rules converts one direction's behavior; bad values are errors, as the
// API server's validation makes them.
func rules(a at, path string, r *autoscalingv2.HPAScalingRules, ok *bool) *Rules {
	if r == nil {
		return nil
	}
	out := &Rules{}
	if w := r.StabilizationWindowSeconds; w != nil {
		if *w < 0 || *w > 3600 {
			a.err(path+".stabilizationWindowSeconds", *w, ErrInvalid, "must be between 0 and 3600")
			*ok = false
		}
		d := time.Duration(*w) * time.Second
		out.StabilizationWindow = &d
	}
	if s := r.SelectPolicy; s != nil {
		switch *s {
		case autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect, autoscalingv2.DisabledPolicySelect:
			out.SelectPolicy = string(*s)
		default:
			a.err(path+".selectPolicy", string(*s), ErrInvalid, "must be Max, Min or Disabled")
			*ok = false
		}
	}
	if r.Policies != nil && len(r.Policies) == 0 {
		// Defaulting fills only absent policies; validation then rejects none.
		a.err(path+".policies", "[]", ErrRequired, "must list at least one policy (leave it out for the defaults)")
		*ok = false
	}
	for i, p := range r.Policies {
		at := fmt.Sprintf("%s.policies[%d]", path, i)
		if p.Type != autoscalingv2.PodsScalingPolicy && p.Type != autoscalingv2.PercentScalingPolicy {
			a.err(at+".type", string(p.Type), ErrInvalid, "must be Pods or Percent")
			*ok = false
		}
		if p.Value < 1 {
			a.err(at+".value", p.Value, ErrInvalid, "must be at least 1")
			*ok = false
		}
		if p.PeriodSeconds < 1 || p.PeriodSeconds > 1800 {
			a.err(at+".periodSeconds", p.PeriodSeconds, ErrInvalid, "must be between 1 and 1800")
			*ok = false
		}
		out.Policies = append(out.Policies, Policy{Type: string(p.Type), Value: int(p.Value), Period: time.Duration(p.PeriodSeconds) * time.Second})
	}
	if t := r.Tolerance; t != nil {
		f := t.AsApproximateFloat64()
		if f < 0 {
			a.err(path+".tolerance", t.String(), ErrInvalid, "must not be negative")
			*ok = false
		}
		out.Tolerance = &f
	}
	return out
}
