pytest_plugins = ["commonground.testing"]
