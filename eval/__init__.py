"""The staff's evaluation: run a test set through the bot, score it, write results, figures and a report;
compare two runs, calibrate the abstention threshold, turn chat feedback into candidate test cases."""
