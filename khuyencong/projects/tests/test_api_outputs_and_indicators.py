"""The indicator catalogue and a project's targets and actuals through the API."""

from khuyencong.projects.tests.conftest import TODAY, pdf


def test_the_indicator_catalogue(client, world):
    client.force_login(world.users["viewer_province"])
    rows = client.get("/api/v1/indicators/", {"page_size": 100}).json()["results"]
    women = next(row for row in rows if row["code"] == "trainees_women")
    assert women["part_of"] == "trainees" and women["aggregation"] == "sum"
    assert "nd-235-2025:235-1" in women["activity_contents"]
    rate = next(row for row in rows if row["code"] == "revenue_change")
    assert rate["aggregation"] == "average"


def test_targets_then_actuals_through_the_api(client, world):
    project = world.ready_draft()
    client.force_login(world.users["officer"])
    url = f"/api/v1/projects/{project.pk}/outputs/"
    response = client.put(
        url,
        {
            "version": project.version,
            "outputs": [
                {"indicator": "trainees", "target": "35"},
                {"indicator": "trainees_women", "target": "40"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "không được lớn hơn" in str(response.json())  # the API answers in Vietnamese
    response = client.put(
        url,
        {
            "version": project.version,
            "outputs": [
                {"indicator": "trainees", "target": "35"},
                {"indicator": "trainees_women", "target": "20"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    response = client.put(
        url,
        {"version": project.version - 1, "outputs": [{"indicator": "trainees", "actual": 3}]},
        content_type="application/json",
    )
    assert response.status_code in (403, 409)  # a draft takes no actuals; a stale version: 409
    project = world.approved(project)
    project = world.act(
        project,
        "start",
        "officer",
        attachment=pdf("hd.pdf"),
        decision_number="1/HĐ",
        decision_date=TODAY,
        actual_start=TODAY,
    )
    response = client.put(
        url,
        {
            "version": project.version,
            "outputs": [
                {"indicator": "trainees", "actual": "33"},
                {"indicator": "trainees_women", "actual": "21"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    actuals = {row["indicator_code"]: row["actual"] for row in response.json()}
    assert actuals == {"trainees": "33.00", "trainees_women": "21.00"}
    client.force_login(world.users["other_officer"])
    assert client.put(url, {}, content_type="application/json").status_code == 404
