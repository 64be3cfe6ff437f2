"""The EdgeBench leaderboard: a static site, Pareto plots and paper tables built from results and entries."""
