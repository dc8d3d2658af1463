Feature: Coater oven OV-200 solvent (NMP) safety: LFL alarm, LFL trip, analyser malfunction (OVN-S3..S5)
  Each zone exhaust has an LFL analyser AT-2x1 (4-20 mA, 0-100 %LFL). At 25 %LFL the solvent input
  stops (slot die XV-201 closed) and the exhaust goes to maximum; at 50 %LFL the heaters open as well
  and the line stops (detect and correct within 5 s). A NAMUR NE43 failure signal of an analyser
  (wire break, failing high) is treated as a trip. Alarms stay latched until an operator resets them
  with the cause gone.

  Background: the oven is purged, heated and coating at 20 m/min
    Given Oven.Cmd.Start is pressed
    And Oven.Cmd.Coat is pressed
    And Oven.Coater.DieOpen is on within 15 s

  @requirement(OVN-S3)
  Scenario: Coating too fast raises zone 3 above 25 %LFL: the slot die closes and the exhaust opens fully
    When Oven.Par.WebSpeedSP is set to 40 m/min
    And I wait at most 30 s until Oven.Zone3.LflPV is at least 25 %LFL
    Then Oven.Alarm.LflHigh is on within 500 ms
    And Oven.Coater.DieOpen is off within 1 s
    And Oven.Exhaust.DamperAO is 27648
    And dryer.damper_position is above 95 % within 5 s
    And Oven.Heater.Contactor is on
    # solvent input stopped and the exhaust at maximum: the oven clears
    And dryer.zone3_lfl is below 10 %LFL within 20 s
    And Oven.Alarm.LflHigh is on
    And Oven.Coater.DieOpen is off
    When Oven.Par.WebSpeedSP is set to 20 m/min
    And Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.LflHigh is off within 1 s
    And Oven.Coater.DieOpen is on within 1 s

  @requirement(OVN-S4)
  Scenario: 49 %LFL, just below the trip point, stops the solvent but keeps the heaters on
    When dryer.zone2_lfl is stuck at 49 %LFL
    Then Oven.Alarm.LflHigh is on within 1 s
    And Oven.Coater.DieOpen is off within 1 s
    And Oven.Heater.Contactor stays on for 5 s
    And Oven.Alarm.LflTrip is off
    And Oven.Web.SpeedSP is 20 m/min

  @requirement(OVN-S4)
  Scenario: A solvent upset of +10 %LFL/s trips heaters, solvent and line and maximises the exhaust within 5 s
    When dryer.zone3_lfl drifts by 10 %LFL per s
    And I wait at most 10 s until Oven.Zone3.LflPV is at least 50 %LFL
    Then Oven.Heater.Contactor is off within 1 s
    And Oven.Coater.DieOpen is off
    And Oven.Web.SpeedSP is 0 m/min
    And Oven.Exhaust.FanRun is on
    And Oven.Recirc.FanRun is on
    And Oven.Exhaust.DamperAO is 27648
    And dryer.damper_position is above 95 % within 4 s
    And Oven.Alarm.LflTrip is on
    # a reset is refused while the zone is still above the trip point
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.LflTrip stays on for 2 s
    And Oven.Heater.Contactor is off
    # the upset is over: the trip stays latched until the operator resets it
    When all faults are cleared
    Then Oven.Zone3.LflPV is below 25 %LFL within 1 s
    And Oven.Heater.Contactor stays off for 3 s
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.LflTrip is off within 1 s
    And Oven.Heater.Contactor is on within 1 s

  @requirement(OVN-S4)
  Scenario: A 150 ms reading of 51 %LFL, just above the trip point, does not trip, a 400 ms one does
    When dryer.zone2_lfl is stuck at 51 %LFL for 150 ms
    Then Oven.Heater.Contactor stays on for 3 s
    And Oven.Alarm.LflTrip is off
    When dryer.zone2_lfl is stuck at 51 %LFL for 400 ms
    Then Oven.Alarm.LflTrip is on within 500 ms
    And Oven.Heater.Contactor is off

  @requirement(OVN-S5)
  Scenario: An LFL analyser wire break (NE43, the card reads 32767) is treated as an LFL trip within 1 s
    When the dryer.zone2_lfl wire breaks
    Then Oven.Zone2.LflRaw is 32767 after 1 scan
    And Oven.Heater.Contactor is off within 1 s
    And Oven.Alarm.AnalyserFault is on
    And Oven.Alarm.LflTrip is on
    And Oven.Coater.DieOpen is off
    And Oven.Exhaust.DamperAO is 27648
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Heater.Contactor stays off for 2 s
    # the wire is repaired; a reset then restores heating
    When the fault on dryer.zone2_lfl is cleared
    And Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.AnalyserFault is off within 1 s
    And Oven.Heater.Contactor is on within 1 s

  @requirement(OVN-S5)
  Scenario: An LFL analyser failing high (22 mA) is treated as an LFL trip within 1 s
    When the dryer.zone1_lfl wire is shorted
    Then Oven.Heater.Contactor is off within 1 s
    And Oven.Alarm.AnalyserFault is on
    And Oven.Zone1.AnalyserFault is on
    And Oven.Web.SpeedSP is 0 m/min
