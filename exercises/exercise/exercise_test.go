package exercise

import (
	"strings"
	"testing"
)

func TestReplacesAnUnknownCheck(t *testing.T) {
	e := Exercise{Name: "ch00-demo", Chapter: 1, Replaces: []string{"geometry", "no such check"}}
	_, err := e.Tests()
	if err == nil || !strings.Contains(err.Error(), `chapter 1 has no check "no such check" to replace`) {
		t.Fatalf("got %v, want the unknown check named", err)
	}
}

func TestReplacesLeaveTheCheckOut(t *testing.T) {
	e := Exercise{Name: "ch05-demo", Chapter: 5, Replaces: []string{"geometry"}}
	tests, err := e.Tests()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if tt.Name == "geometry" {
			t.Fatalf("the replaced check still runs: %v", tests)
		}
	}
}
