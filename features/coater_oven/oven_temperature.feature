Feature: Coater oven OV-200 excess-temperature limit, heater contactor monitoring and normal production (OVN-S6)
  Each zone has an independent excess-temperature limit (TC + limit relay TSHH-2x2 at 160 °C, well
  below the 245 °C auto-ignition temperature of NMP). A tripped limit opens the heater safety
  contactors KM-207 within 1 s and needs a manual reset, which the limit relay accepts only 5 °C
  below its set point. The zone control loop is not a protective measure. The contactors' mirror
  contacts (EDM) must follow the coil: a welded contactor blocks the heaters and their reset.

  Background: the oven is purged and heating
    Given Oven.Cmd.Start is pressed
    And Oven.Heater.Contactor is on within 10 s

  @requirement(OVN-S6)
  Scenario: An excess temperature in zone 2 opens the heater contactors within 1 s and needs a manual reset
    When dryer.zone2_temperature is set to 163 °C
    Then Oven.Zone2.LimitOK is off after 2 scans
    And Oven.Heater.Contactor is off within 1 s
    And Oven.Alarm.OverTemp is on
    And Oven.Zone2.OverTemp is on
    # still above the relay's reset point (155 °C): the reset is refused
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.OverTemp stays on for 2 s
    When dryer.zone2_temperature is set to 140 °C
    Then Oven.Heater.Contactor stays off for 3 s
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Zone2.LimitOK is on within 1 s
    And Oven.Alarm.OverTemp is off within 1 s
    And Oven.Heater.Contactor is on within 1 s

  @requirement(OVN-S6)
  Scenario: A limit contact that opens and recloses by itself still needs the operator's reset
    # loose terminal on the TSHH-232 contact: the PLC reads the limit tripped for 500 ms
    When dryer.zone3_limit_ok is stuck at off for 500 ms
    Then Oven.Heater.Contactor is off within 1 s
    And Oven.Zone3.OverTemp is on
    And Oven.Zone3.LimitOK is on within 1 s
    And Oven.Heater.Contactor stays off for 3 s
    When Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Alarm.OverTemp is off within 1 s
    And Oven.Heater.Contactor is on within 1 s

  @requirement(OVN-S6)
  Scenario: The zone 1 control thermocouple fails low, the controller heats flat out and the independent limit trips
    # zone 1 runs hot after a set-point change; then its control TC TT-211 fails low
    Given dryer.zone1_temperature is set to 150 °C
    When dryer.zone1_temperature is stuck at 60 °C
    Then Oven.Zone1.Power is 100 % within 1 s
    When I wait at most 30 s until Oven.Zone1.LimitOK is off
    Then Oven.Heater.Contactor is off within 1 s
    And Oven.Alarm.OverTemp is on
    And Oven.Zone1.Power is 0 % within 100 ms
    And dryer.zone1_temperature is below 170 °C

  @requirement(OVN-EDM)
  Scenario: A heater contactor whose mirror contact stays open (welded) blocks the heaters and the reset
    When Oven.Cmd.Start is released
    Then Oven.Heater.Contactor is off within 100 ms
    # KM-207 welded: its positively guided mirror contact does not close when the coil drops out
    When dryer.heater_feedback is stuck at off
    Then Oven.Alarm.EdmFault is on within 1 s
    When Oven.Cmd.Start is pressed
    And Oven.Cmd.Reset is pulsed for 200 ms
    Then Oven.Heater.Contactor never becomes on during the next 10 s
    And Oven.Alarm.EdmFault is on
    And Oven.Status.Purged is on

  Scenario: In normal production the oven holds its set points, below 25 %LFL, with no alarm
    Given throughout the scenario Oven.Heater.Contactor is on
    And throughout the scenario Oven.Alarm.LflHigh is off and Oven.Alarm.VentFail is off and Oven.Alarm.OverTemp is off
    When Oven.Cmd.Coat is pressed
    Then Oven.Coater.DieOpen is on within 5 s
    And dryer.web_speed is 20 m/min
    When I wait 20 s
    Then Oven.Zone3.LflPV is between 10 %LFL and 25 %LFL
    And Oven.Zone1.TempPV is 140 °C ± 5 °C
    And Oven.Zone2.TempPV is 140 °C ± 5 °C
    And Oven.Zone3.TempPV is 140 °C ± 5 °C
    And Oven.Coater.DieOpen stays on for 5 s
    And dryer.damper_position is 70 % ± 2 %
