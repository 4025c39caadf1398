// Package checks is apidoctor's diagnosis engine: it resolves the settings a
// client would use, runs every check on the path to the Claude API
// concurrently as a dependency graph, and turns the results into one verdict.
//
// The package does no printing and knows nothing of any user interface; the
// headless CLI, the wizard and the tests all drive it the same way. Every
// network or file operation goes through an injectable [Env], so the whole
// engine runs against the loopback fault lab in tests.
package checks
