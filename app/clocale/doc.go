// Package clocale makes Fyne quiet under the "C.UTF-8" locale of minimal
// systems and CI. Fyne's lang package reads the locale while it initialises
// and logs "Error parsing user locale C" on every start, which the command
// line would print before each command's output.
//
// Imported for its side effect from main.go. It depends on nothing but the
// standard library and its import path sorts before golang.org/x/text, which
// Fyne's lang package needs, so Go's package initialisation order (sorted by
// import path among packages whose imports are ready) runs this init first.
package clocale
