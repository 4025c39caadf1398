package lab

// clientScenarios are the cases where one client's own rules decide the
// verdict: which variable wins, which settings source, which trust store.
func clientScenarios() []Scenario {
	return []Scenario{}
}
