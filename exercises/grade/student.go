package main

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// submission is one student's package as the grader tests it.
type submission struct {
	src string // the student's directory, as the class names it
	dir string // the copy of its files and check_test.go: exercises/_grade-* of the module
	rel string // dir relative to the module root, slash-separated
}

// pkg is the last element of the copy's import path, which the stacks of
// the student's functions begin with.
func (s submission) pkg() string { return path.Base(s.rel) }

// gradeStudent builds the package of the student's files in src next to
// the exercises, with checkTest, and runs the checker on it.
func gradeStudent(ctx context.Context, root, checkTest, src string, opt options) result {
	files, err := driverFiles(src)
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	if len(files) == 0 {
		return result{verdict: noFiles}
	}
	if detail := wrongPackage(checkTest, files); detail != "" {
		return result{verdict: buildFail, detail: detail}
	}
	tmp, err := os.MkdirTemp(filepath.Join(root, "exercises"), "_grade-")
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	defer os.RemoveAll(tmp)
	rel, err := filepath.Rel(root, tmp)
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	s := submission{src: src, dir: tmp, rel: filepath.ToSlash(rel)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return result{verdict: buildFail, detail: err.Error()}
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, "check_test.go"), []byte(checkTest), 0o644); err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	return goTest(ctx, root, s, opt)
}

// driverFiles are the student's non-test .go files in dir, by name.
func driverFiles(dir string) (map[string][]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range names {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		files[filepath.Base(f)] = data
	}
	return files, nil
}

// wrongPackage says which of files is not in checkTest's package
// ("package solution, want package ch03reada", the file named when there
// are several), as go test would say it only with the temporary
// directory's path; "" when they all are, or a package clause does not
// parse (the compiler says why).
func wrongPackage(checkTest string, files map[string][]byte) string {
	want := packageName("check_test.go", []byte(checkTest))
	if want == "" {
		return ""
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		got := packageName(name, files[name])
		if got == "" || got == want {
			continue
		}
		detail := fmt.Sprintf("package %s, want package %s", got, want)
		if len(files) > 1 {
			detail = name + ": " + detail
		}
		return detail
	}
	return ""
}

// packageName is the package clause's name in the Go source data, "" when
// it does not parse.
func packageName(name string, data []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}

// firstError is the first compiler or vet message of lines, the go
// command's "# package" headers and "FAIL" lines left out.
func firstError(lines []string) string {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "FAIL") {
			continue
		}
		return l
	}
	return ""
}

// scrub rewrites the temporary directory out of text: a path in it
// becomes the student's file name, the directory itself the student's.
func (s submission) scrub(text string) string {
	return strings.NewReplacer(
		"./"+s.rel+"/", "",
		s.dir+string(filepath.Separator), "",
		s.rel+"/", "",
		s.dir, s.src,
		s.rel, s.src,
	).Replace(text)
}
