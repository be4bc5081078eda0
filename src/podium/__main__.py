from podium.cli.main import app

app()
