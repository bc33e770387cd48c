package lambdatemplates_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

func TestMatch(t *testing.T) {
	set := &lt.Set{File: "t.yaml", Functions: []lt.Function{
		{Name: "CatalogApi", FunctionName: "catalog-api"},
		{Name: "Checkout", FunctionName: "shop-prod-checkout"},
		{Name: "OrderWorker"},
		{Name: "Order_Worker"},
		{Name: "ThumbnailFn"},
	}}
	tests := []struct {
		name     string
		services []string
		explicit map[string]string
		want     map[string]string // service → function Name
		warnings []string
	}{
		{
			name:     "exact, FunctionName, loose",
			services: []string{"checkout", "catalog-api", "thumbnail", "Checkout"},
			want:     map[string]string{"Checkout": "Checkout", "catalog-api": "CatalogApi"},
			warnings: []string{
				"t.yaml:document 1: match: service checkout has no function in the file",
				"t.yaml:document 1: match: service thumbnail has no function in the file",
				"t.yaml:document 1: match: function OrderWorker serves no service",
				"t.yaml:document 1: match: function Order_Worker serves no service",
				"t.yaml:document 1: match: function ThumbnailFn serves no service",
			},
		},
		{
			name:     "case, dash and underscore ignored; ambiguity reported",
			services: []string{"catalogapi", "order-worker", "thumbnail-fn"},
			want:     map[string]string{"catalogapi": "CatalogApi", "thumbnail-fn": "ThumbnailFn"},
			warnings: []string{
				"t.yaml:document 1: match: service order-worker matches functions OrderWorker, Order_Worker; give an explicit entry",
				"t.yaml:document 1: match: function Checkout serves no service",
				"t.yaml:document 1: match: function OrderWorker serves no service",
				"t.yaml:document 1: match: function Order_Worker serves no service",
			},
		},
		{
			name:     "explicit wins over a name match",
			services: []string{"order-worker", "thumbnails", "Checkout"},
			explicit: map[string]string{"order-worker": "Order_Worker", "thumbnails": "ThumbnailFn", "Checkout": "shop-prod-checkout", "ghost": "X", "catalog-api": "Nope"},
			want:     map[string]string{"order-worker": "Order_Worker", "thumbnails": "ThumbnailFn", "Checkout": "Checkout"},
			warnings: []string{
				"t.yaml:document 1: match: explicit entry catalog-api → Nope names no service",
				"t.yaml:document 1: match: explicit entry ghost → X names no service",
				"t.yaml:document 1: match: function CatalogApi serves no service",
				"t.yaml:document 1: match: function OrderWorker serves no service",
			},
		},
		{
			name:     "explicit to a missing function leaves the service unmatched",
			services: []string{"catalog-api"},
			explicit: map[string]string{"catalog-api": "Nope"},
			want:     map[string]string{},
			warnings: []string{
				"t.yaml:document 1: match: explicit entry catalog-api → Nope names no function of the file",
				"t.yaml:document 1: match: service catalog-api has no function in the file",
				"t.yaml:document 1: match: function CatalogApi serves no service",
				"t.yaml:document 1: match: function Checkout serves no service",
				"t.yaml:document 1: match: function OrderWorker serves no service",
				"t.yaml:document 1: match: function Order_Worker serves no service",
				"t.yaml:document 1: match: function ThumbnailFn serves no service",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, warns := set.Match(tc.services, tc.explicit)
			names := map[string]string{}
			for svc, f := range got {
				names[svc] = f.Name
			}
			if diff := cmp.Diff(tc.want, names); diff != "" {
				t.Errorf("Match(%q) (-want +got):\n%s", tc.services, diff)
			}
			var ws []string
			for _, w := range warns {
				ws = append(ws, w.String())
			}
			if diff := cmp.Diff(tc.warnings, ws); diff != "" {
				t.Errorf("Match(%q) warnings (-want +got):\n%s", tc.services, diff)
			}
		})
	}
}
