// Package report renders what apidoctor found: the headless text and JSON
// of `apidoctor check`, and (later) the session report. Every renderer
// passes its finished text through one redactor and refuses to write text
// that still holds a secret the run saw.
package report
