"""The staff's evaluation: run a test set through the bot, score it, write results and figures."""
