// Package ui is the wizard: a Bubble Tea program that runs every check
// live, shows the verdict and the evidence, hosts the fixes, re-checks and
// exports the report.
//
// One root model owns the step (start, running, findings, detail, fix,
// export). Update only changes state; every side effect is a command named
// as a verb (prepareRun, runCheck, saveReport) that returns a past-tense
// message. The package imports checks and report; neither imports it.
package ui
